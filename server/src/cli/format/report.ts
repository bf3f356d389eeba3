import { DocumentKind } from '../../engine/model';
import { Finding } from '../../engine/rule';

/** One analysed file, as every output format sees it. */
export interface FileReport {
  file: string;
  kind: DocumentKind;
  findings: Finding[];
}
