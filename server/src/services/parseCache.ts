import { PolicyDocument } from '../engine/model';
import { parsePolicy, readPolicy } from '../engine/parse';
import { hostFormatOf } from '../iac/detect';
import type { HostParse, HostPolicy, PolicyKind } from '../iac/hostPolicy';
import { parseTerraformBlockAt } from '../iac/terraform/terraform';
import { policySpans } from '../iac/movedPolicy';
import { hostFileRead, lastAnalysedDocument, lastAnalysedTemplate, readInProgress } from './analysisCache';

let last: { text: string; language: 'json' | 'jsonc'; doc: PolicyDocument } | undefined;

/**
 * The parsed policy of `text`, reusing the last parse when the text is the same: hover, code lens
 * and completion requests on one version of a document then parse it once, and the engine's
 * per-statement memo (statementActions) carries over between them.
 */
export function parsedPolicy(text: string, language: 'json' | 'jsonc' = 'json'): PolicyDocument {
  if (last && last.language === language && last.text === text) return last.doc;
  // Usually the diagnostics have just read this very text.
  const doc = lastAnalysedDocument(text, language) ?? parsePolicy(text, { language });
  last = { text, language, doc };
  return doc;
}

/** A policy a template holds, as editor features read it: its first variant, and its slot's kind. */
export interface EmbeddedDocument {
  /** Where the policy's tree (its first variant) lies in the template. */
  span: { offset: number; length: number };
  kind: PolicyKind;
  /** Read on first use: a hover or a completion reads one policy of thousands. */
  readonly doc: PolicyDocument;
}

function embeddedDocument(text: string, host: HostPolicy): EmbeddedDocument | undefined {
  const span = policySpans(host)[0];
  if (!span) return undefined;
  let doc: PolicyDocument | undefined;
  return {
    span,
    kind: host.kind,
    get doc() {
      return (doc ??= readPolicy(text, host.variants[0], [], true));
    },
  };
}

let lastTemplate: { text: string; fileName: string; documents: EmbeddedDocument[] | undefined } | undefined;

/**
 * The policies of `text` when it is a template (CloudFormation, SAM, Terraform), else undefined:
 * then it is a policy file, read by parsedPolicy. Cached for the last text, like parsedPolicy.
 */
export function templateDocuments(text: string, fileName: string | undefined, near?: number): EmbeddedDocument[] | undefined {
  if (fileName === undefined) return undefined;
  if (lastTemplate && lastTemplate.text === text && lastTemplate.fileName === fileName) return lastTemplate.documents;
  // Usually the diagnostics have just read this very template: its policies' trees are reused.
  const analysed = lastAnalysedTemplate(text, fileName);
  if (!analysed && near !== undefined && readInProgress(text, fileName)) {
    // A hover while a paused analysis is still reading this large .tf: just the block under the cursor.
    const nearby = nearbyDocuments(text, fileName, near);
    if (nearby) return nearby;
  }
  // During a sliced analysis, the template it has just read: the file is parsed once.
  const read = analysed ? undefined : hostFileRead(text, fileName);
  if (read?.kind === 'reader-not-loaded') return [];
  const hosts = analysed
    ? analysed.policies.flatMap((p) => (p.host ? [p.host] : []))
    : read?.kind === 'template'
      ? read.parse.policies
      : undefined;
  const documents = hosts?.flatMap((p) => embeddedDocument(text, p) ?? []);
  lastTemplate = { text, fileName, documents };
  return documents;
}

/**
 * The policies of the top-level block around `offset` of a `.tf` (iac/terraform/terraform.ts
 * parseTerraformBlockAt): a millisecond's parse rather than the whole file's. Not cached: the
 * whole read is under way and serves the next request. Undefined when the block cannot be read alone.
 */
function nearbyDocuments(text: string, fileName: string, offset: number): EmbeddedDocument[] | undefined {
  if (hostFormatOf(fileName, text) !== 'terraform') return undefined;
  let parse: HostParse | undefined;
  try {
    parse = parseTerraformBlockAt(text, fileName, offset);
  } catch {
    // A refusal (nesting, the deadline) is the whole read's to report.
    return undefined;
  }
  return parse?.policies.flatMap((p) => embeddedDocument(text, p) ?? []);
}

/** The template's policy whose tree encloses `offset`. */
export function templateDocumentAt(documents: readonly EmbeddedDocument[], offset: number): EmbeddedDocument | undefined {
  return documents.find(({ span }) => span.offset <= offset && offset <= span.offset + span.length);
}
