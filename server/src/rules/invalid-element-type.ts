import { propertyOf } from '../engine/parse';
import { Rule } from '../engine/rule';

export const invalidElementType: Rule = {
  meta: {
    id: 'invalid-element-type',
    severity: 'error',
    category: 'grammar',
    description: 'A policy element has a JSON type IAM does not accept there (e.g. a number as Action).',
    appliesTo: ['identity', 'trust', 'resource'],
  },
  check({ doc, report }) {
    for (const error of doc.shapeErrors) report({ node: error.node, message: `${error.message}.` });
    const id = propertyOf(doc.root, 'Id')?.children?.[1];
    if (id && id.type !== 'string') report({ node: id, message: 'Id must be a string.' });
  },
};
