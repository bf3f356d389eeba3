import { MAX_DOCUMENT_LENGTH } from '../engine/limits';
import { Rule } from '../engine/rule';

export const fileTooLarge: Rule = {
  meta: {
    id: 'file-too-large',
    severity: 'warning',
    category: 'grammar',
    description: 'The document is too large to be a policy, so it is not analysed.',
    appliesTo: ['identity', 'trust', 'resource', 'none'],
  },
  precheck(text) {
    if (text.length <= MAX_DOCUMENT_LENGTH) return undefined;
    return {
      offset: 0,
      length: 0,
      message: `This document has ${(text.length / 1024 / 1024).toFixed(1)} MB; documents over ${MAX_DOCUMENT_LENGTH / 1024 / 1024} MB are not analysed (IAM policies are limited to a few kB).`,
    };
  },
  check() {
    // Everything this rule decides, it decides in precheck, before the text is parsed.
  },
};
