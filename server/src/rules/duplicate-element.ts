import { policyObjects } from '../engine/objects';
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
      // Objects have a handful of keys: comparing pairs beats building a set for each.
      const keys = object.keys;
      for (let i = 1; i < keys.length; i++) {
        const name = keys[i].value as string;
        let repeated = false;
        for (let j = 0; j < i && !repeated; j++) repeated = keys[j].value === name;
        if (repeated) {
          report({
            node: keys[i],
            message: `"${name}" appears more than once in ${object.label}; only the last one takes effect. Merge them.`,
          });
        }
      }
    }
  },
};
