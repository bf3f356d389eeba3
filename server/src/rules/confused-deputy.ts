import { requireCondition, requireStringEquals } from '../engine/conditionSnippet';
import { splitArn } from '../engine/arn';
import { StatementModel } from '../engine/model';
import { ACCOUNT_ID } from '../engine/principals';
import { Fix, Rule } from '../engine/rule';
import { ownEntry } from '../util/records';
import { SOURCE_KEYS, TRUST_SOURCE_KEY_SERVICES, encryptionContextCondition, testsSourceKey } from '../engine/serviceSourceKeys';
import { findingStatement } from './utils/findingStatement';

/** The account the aws:SourceAccount snippet offers when the Resource does not name one. */
export const SOURCE_ACCOUNT_PLACEHOLDER = '111122223333';

/**
 * A resource policy that lets an AWS service principal in without aws:SourceArn, aws:SourceAccount,
 * aws:SourceOrgID or aws:SourceOrgPaths: whoever uses that service, from any account, can have it
 * act on this resource. In a role's trust policy only where the service documents these keys.
 */
export const confusedDeputy: Rule = {
  meta: {
    id: 'confused-deputy',
    severity: 'warning',
    category: 'security',
    description:
      'A resource policy (or the trust policy of a service that documents it) lets an AWS service principal in without aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths.',
    appliesTo: ['resource', 'trust'],
  },
  check({ doc, kind, account, report }) {
    for (const statement of doc.statements) {
      if (statement.effect?.value !== 'Allow' || testsSourceKey(statement)) continue;
      for (const entry of statement.principal?.entries ?? []) {
        if (entry.type !== 'Service') continue;
        const service = entry.value;
        if (kind === 'trust') {
          const page = ownEntry(TRUST_SOURCE_KEY_SERVICES, service.toLowerCase());
          if (!page) continue;
          report({
            node: entry.node,
            severity: 'info',
            message:
              `${service} may assume this role for any account's request: its documentation (${page}) asks for ` +
              'aws:SourceAccount or aws:SourceArn in the trust policy, so that only its work for your resources can.',
            data: { statement: statement.index, service },
          });
          continue;
        }
        const context = encryptionContextCondition(statement, service);
        report({
          node: entry.node,
          message: context
            ? `${service} is let in without ${context.key} or ${SOURCE_KEYS.join(', ')}: anyone who uses ${service}, ` +
              `from any account, can have it use this key (confused deputy). Require ${context.key}, as its ` +
              `documentation shows (${context.page}).`
            : `${service} is let in without ${SOURCE_KEYS.join(', ')}: anyone who uses ${service}, from any account, ` +
              'can have it act on this resource (confused deputy). Require aws:SourceAccount or aws:SourceArn.',
          // The project's account (.iamlp.json "account"): what the fix offers when the Resource names none.
          data: { statement: statement.index, service, ...(account ? { account } : {}) },
        });
      }
    }
  },
  fixes(finding, { text, doc, format }) {
    const statement = findingStatement(finding, doc);
    if (!statement || statement.incomplete) return [];
    const fixes: Fix[] = [];
    const ofResource = resourceAccount(statement);
    const ofProject = typeof finding.data?.account === 'string' ? finding.data.account : undefined;
    const account = ofResource ?? ofProject;
    const whose = ofResource ? 'the account of the Resource' : "the project's account, .iamlp.json";
    const service = typeof finding.data?.service === 'string' ? finding.data.service : 'SERVICE.amazonaws.com';
    const context = encryptionContextCondition(statement, service);
    const placeholder = account ?? SOURCE_ACCOUNT_PLACEHOLDER;
    // In a key policy of a service that documents the encryption context, that is what to require.
    const preferred = context
      ? {
          operator: context.operator,
          key: context.key,
          value: context.value(placeholder),
          title: `Require ${context.key}: ${context.names}${account ? ` (${account}, ${whose})` : ''}`,
        }
      : {
          operator: 'StringEquals',
          key: 'aws:SourceAccount',
          value: placeholder,
          title: account ? `Require aws:SourceAccount ${account} (${whose})` : 'Require aws:SourceAccount',
        };
    const edit = requireCondition(text, statement, format, preferred.operator, preferred.key, preferred.value);
    if (edit) fixes.push({ title: preferred.title, kind: 'quickfix', edits: [edit], isPreferred: true, snippet: true });
    const prefix = service.split('.')[0];
    const arn = `arn:aws:${prefix}:us-east-1:${placeholder}:RESOURCE`;
    const byArn = context && !context.sourceArn ? undefined : requireStringEquals(text, statement, format, 'aws:SourceArn', arn);
    if (byArn)
      fixes.push({ title: `Require aws:SourceArn (the ${prefix} resource it acts for)`, kind: 'quickfix', edits: [byArn], snippet: true });
    return fixes;
  },
};

/** The one account the statement's Resource ARNs name, when they name exactly one. */
function resourceAccount(statement: StatementModel): string | undefined {
  const accounts = new Set(
    (statement.resource?.items ?? [])
      .map((item) => splitArn(item.value)?.account)
      .filter((a): a is string => a !== undefined && ACCOUNT_ID.test(a)),
  );
  return accounts.size === 1 ? [...accounts][0] : undefined;
}
