import { DocumentKind, PolicyDocument } from '../../engine/model';
import { Finding } from '../../engine/rule';

/** One analysed file, as every output format sees it. */
export interface FileReport {
  file: string;
  kind: DocumentKind;
  findings: Finding[];
  /** The analysed document, for what outputs derive from its text (SARIF's fingerprints). */
  document?: PolicyDocument;
}
