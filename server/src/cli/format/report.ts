import { DocumentKind, PolicyDocument } from '../../engine/model';
import { Finding } from '../../engine/rule';

/** One analysed file, as every output format sees it. */
export interface FileReport {
  file: string;
  kind: DocumentKind;
  findings: Finding[];
  /** For a policy inside a template: its slot's locator; null for the template's own findings. */
  policy?: string | null;
  /** The resource holding an embedded policy (SARIF's logical location). */
  resource?: string;
  /** The file is a template (CloudFormation, SAM, Terraform), even when it holds no policy. */
  template?: boolean;
  /** The analysed document, for what outputs derive from its text (SARIF's fingerprints). */
  document?: PolicyDocument;
}
