import { isUnconditional } from '../engine/conditions';
import { Rule } from '../engine/rule';
import { actionList, statementActions } from '../engine/statementActions';
import { plural, previewList } from './messages';

/**
 * An identity policy's Allow that reaches IAM write actions, by name, wildcard, `*` or NotAction.
 * Trust and resource policies are left out: their actions act on the role or the resource itself,
 * so an `Action: "*"` there grants no IAM write.
 */
export const allowIamWrite: Rule = {
  meta: {
    id: 'allow-iam-write',
    severity: 'error',
    category: 'security',
    description:
      'An Allow statement grants IAM write actions (access level Write, Permissions management or Tagging).',
    appliesTo: ['identity'],
  },
  check({ doc, catalog, report }) {
    const writes = catalog.iamWrite;
    for (const statement of doc.statements) {
      if (statement.effect?.value !== 'Allow') continue;
      const reached = statementActions(catalog, statement);
      const list = actionList(statement);
      if (!reached || !list) continue;
      const granted = reached.set.clone().retainAll(writes);
      if (granted.isEmpty()) continue;
      const names = catalog.names(granted);
      let how: string;
      if (reached.viaNotAction) {
        how = 'through NotAction (an Allow with NotAction grants every action it does not list)';
      } else {
        const sources = list.items
          .filter((item) => {
            const match = catalog.match(item.value);
            return match.kind === 'matched' && match.set.intersects(writes);
          })
          .map((item) => `"${item.value}"`);
        how = `through ${previewList(sources, 2)}`;
      }
      const conditional = !isUnconditional(statement);
      const resourceNote = statement.resource?.items.some((r) => r.value === '*') ? '' : ' on the listed resources';
      report({
        node: list.node,
        message:
          `Allows ${plural(names.length, 'IAM write action')}${resourceNote} ${how}: ${previewList(names)}.` +
          (conditional ? ' The grant is conditional, but a Condition does not make an IAM write safe.' : ''),
        actions: names,
        data: { statement: statement.index, viaNotAction: reached.viaNotAction, conditional },
      });
    }
  },
};
