import type { Node } from 'jsonc-parser';
import { PolicyDocument } from '../engine/model';
import { parsePolicy, readPolicy } from '../engine/parse';
import type { PolicyKind } from '../iac/hostPolicy';
import { hostFileRead, lastAnalysedDocument, lastAnalysedTemplate } from './analysisCache';

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
  /** Read on first use: a hover or a completion reads the one policy at its offset, not all of them. */
  readonly doc: PolicyDocument;
  readonly kind: PolicyKind;
  /** The policy's tree (its first variant) in the template. */
  readonly root: Node;
}

function embeddedDocument(text: string, root: Node, kind: PolicyKind): EmbeddedDocument {
  let doc: PolicyDocument | undefined;
  return {
    kind,
    root,
    get doc() {
      return (doc ??= readPolicy(text, root, [], true));
    },
  };
}

let lastTemplate: { text: string; fileName: string; documents: EmbeddedDocument[] | undefined } | undefined;

/**
 * The policies of `text` when it is a template (CloudFormation, SAM, Terraform), else undefined:
 * then it is a policy file, read by parsedPolicy. Cached for the last text, like parsedPolicy.
 */
export function templateDocuments(text: string, fileName: string | undefined): EmbeddedDocument[] | undefined {
  if (fileName === undefined) return undefined;
  if (lastTemplate && lastTemplate.text === text && lastTemplate.fileName === fileName) return lastTemplate.documents;
  // Usually the diagnostics have just analysed this very template: its documents are reused.
  const analysed = lastAnalysedTemplate(text, fileName);
  if (analysed) {
    const documents = analysed.policies.flatMap((p) =>
      p.host?.variants[0] && p.results[0] ? [{ doc: p.results[0].document, kind: p.host.kind, root: p.host.variants[0] }] : [],
    );
    lastTemplate = { text, fileName, documents };
    return documents;
  }
  // During a sliced analysis, the template it has read: parsed once.
  const read = hostFileRead(text, fileName);
  const documents =
    read.kind === 'template'
      ? read.parse.policies.flatMap((p) => (p.variants[0] ? [embeddedDocument(text, p.variants[0], p.kind)] : []))
      : read.kind === 'reader-not-loaded'
        ? []
        : undefined;
  if (read.kind !== 'reader-not-loaded') lastTemplate = { text, fileName, documents };
  return documents;
}

/** The template's policy whose tree encloses `offset`. */
export function templateDocumentAt(documents: readonly EmbeddedDocument[], offset: number): EmbeddedDocument | undefined {
  return documents.find(({ root }) => root.offset <= offset && offset <= root.offset + root.length);
}
