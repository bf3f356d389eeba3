import { Rule } from '../engine/rule';

export const duplicateSid: Rule = {
  meta: {
    id: 'duplicate-sid',
    severity: 'error',
    category: 'grammar',
    description: 'Two statements share a Sid; statement ids must be unique within a policy.',
    appliesTo: ['identity', 'trust', 'resource'],
  },
  check({ doc, report }) {
    const seen = new Map<string, number>();
    for (const statement of doc.statements) {
      const sid = statement.sid;
      if (!sid || sid.value === '') continue;
      const first = seen.get(sid.value);
      if (first !== undefined) {
        report({ node: sid.node, message: `Sid "${sid.value}" is already used by statement ${first + 1}: statement ids must be unique.` });
      } else seen.set(sid.value, statement.index);
    }
  },
};
