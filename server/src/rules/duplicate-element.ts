import { keyNodes, policyObjects } from '../engine/objects';
import { Rule } from '../engine/rule';

/** JSON readers keep one of two equal keys and drop the other silently: the dropped one never applies. */
export const duplicateElement: Rule = {
  meta: {
    id: 'duplicate-element',
    severity: 'error',
    category: 'grammar',
    description: 'The same key appears twice in one object, so one of them is silently ignored.',
    appliesTo: ['identity', 'trust', 'resource'],
  },
  check({ doc, report }) {
    for (const object of policyObjects(doc)) {
      const seen = new Set<string>();
      for (const key of keyNodes(object.node)) {
        const name = key.value as string;
        if (seen.has(name)) {
          report({ node: key, message: `"${name}" appears more than once in ${object.label}; only one of them takes effect. Merge them.` });
        }
        seen.add(name);
      }
    }
  },
};
