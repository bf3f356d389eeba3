import { policyObjects } from '../engine/objects';
import { Rule } from '../engine/rule';
import { ELEMENT_NEAR_MISS, closestName } from '../engine/nearMiss';

/** IAM rejects unknown element names; element names are case-sensitive ("effect" is not "Effect"). */
export const unknownElement: Rule = {
  meta: {
    id: 'unknown-element',
    severity: 'error',
    category: 'grammar',
    description: 'An element name that IAM does not define at this place (element names are case-sensitive).',
    appliesTo: ['identity', 'trust', 'resource'],
  },
  check({ doc, report }) {
    for (const object of policyObjects(doc)) {
      if (!object.allowed) continue;
      for (const key of object.keys) {
        // A key a template adapter could not read (broken HCL) has no name to judge (the fuzzer's find).
        if (typeof key.value !== 'string') continue;
        const name = key.value;
        if (object.allowed.includes(name)) continue;
        const suggestion = closestName(name, object.allowed, ELEMENT_NEAR_MISS);
        report({
          node: key,
          message:
            `"${name}" is not an element of ${object.label}` +
            (suggestion ? `: did you mean "${suggestion}"?` : ` (allowed: ${object.allowed.join(', ')}).`),
          data: suggestion ? { suggestion } : undefined,
        });
      }
    }
  },
  fixes(finding, { doc }) {
    const suggestion = finding.data?.suggestion;
    if (typeof suggestion !== 'string') return [];
    const object = policyObjects(doc).find((o) => o.keys.some((k) => k.offset === finding.offset));
    // Renaming onto a key the object already has would make a duplicate: offer it, but not as a safe fix.
    const taken = object ? object.keys.some((k) => k.value === suggestion) : true;
    const written = doc.text.slice(finding.offset + 1, finding.offset + finding.length - 1);
    return [
      {
        title: `Rename to "${suggestion}"`,
        kind: 'quickfix',
        edits: [{ offset: finding.offset, length: finding.length, newText: JSON.stringify(suggestion) }],
        isPreferred: !taken,
        safe: !taken && written.toLowerCase() === suggestion.toLowerCase(),
      },
    ];
  },
};
