import { formatSize, MAX_DOCUMENT_BYTES, oversizeBytes } from '../engine/limits';
import { Rule } from '../engine/rule';

export const fileTooLarge: Rule = {
  meta: {
    id: 'file-too-large',
    severity: 'warning',
    category: 'grammar',
    description: 'The document is too large to be a policy, so it is not analysed.',
    appliesTo: ['identity', 'trust', 'resource', 'none'],
  },
  precheck(text, { sizeBytes }) {
    // Bytes, as on disk: the editor's text and the CLI's file measure alike.
    const bytes = sizeBytes !== undefined ? (sizeBytes > MAX_DOCUMENT_BYTES ? sizeBytes : undefined) : oversizeBytes(text);
    if (bytes === undefined) return undefined;
    return {
      offset: 0,
      length: 0,
      message: `This document has ${formatSize(bytes)}; documents over ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB are not analysed (IAM policies are limited to a few kB).`,
    };
  },
  check() {
    // Everything this rule decides, it decides in precheck, before the text is parsed.
  },
};
