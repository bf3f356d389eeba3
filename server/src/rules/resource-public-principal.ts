import { ActionSet } from '../catalog/actionSet';
import { Catalog } from '../catalog/catalog';
import { hasWildcard } from '../catalog/wildcard';
import { matchItem } from '../engine/actionItems';
import { splitArn } from '../engine/arn';
import { parseOperator } from '../engine/conditions';
import { requireStringEquals } from '../engine/conditionSnippet';
import { PrincipalModel, StatementModel } from '../engine/model';
import { FixEdit, Rule, TextFormat } from '../engine/rule';
import { actionList, statementActions } from '../engine/statementActions';
import { findingStatement } from './utils/findingStatement';
import { plural, previewFirst, previewList } from '../util/messages';
import { PRINCIPAL_NARROWING_KEYS, isLiteralValue, pinsDown } from '../engine/principalNarrowing';

/** The organization id the quick fix offers for the user to type over. */
export const ORG_ID_PLACEHOLDER = 'o-xxxxxxxxxx';

/**
 * Keys that make a grant to "*" non-public when tested against a fixed value: S3's definition of a
 * public bucket policy (aws:SourceVpc, aws:SourceVpce, aws:SourceOwner, the access point keys S3 uses
 * to delegate to access points) and Access Analyzer's (the principal and organization keys), plus
 * kms:CallerAccount, which AWS's own key policies use to open a key to one account.
 */
const RESOURCE_NARROWING_KEYS = new Set(
  [
    ...PRINCIPAL_NARROWING_KEYS,
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceOwner',
    's3:DataAccessPointAccount',
    's3:DataAccessPointArn',
    'kms:CallerAccount',
  ].map((k) => k.toLowerCase()),
);

/** A value the quick fix inserted is not a real one yet: the grant stays public until it is replaced. */
const isRealValue = (value: string) => isLiteralValue(value) && value !== ORG_ID_PLACEHOLDER;

/**
 * Whether a CIDR (or a single address) is narrow enough to count: S3 calls a bucket policy public
 * when aws:SourceIp allows a range broader than /8 (IPv4) or /32 (IPv6), and 0.0.0.0/0 is everyone.
 */
function narrowCidr(value: string): boolean {
  const parts = value.trim().split('/');
  if (parts.length > 2) return false;
  const [address, prefix] = parts;
  const v6 = address.includes(':');
  if (v6 ? !/^[0-9a-fA-F:.]+$/.test(address) : !/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) return false;
  const max = v6 ? 128 : 32;
  if (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) return false;
  const bits = prefix === undefined ? max : Number(prefix);
  return bits <= max && bits >= (v6 ? 32 : 8);
}

/** `IpAddress` on aws:SourceIp with only narrow ranges. NotIpAddress and IfExists let the rest of the internet in. */
function limitsSourceIp(statement: StatementModel): boolean {
  for (const op of statement.condition?.operators ?? []) {
    const parsed = parseOperator(op.operator);
    if (parsed.base !== 'IpAddress' || parsed.ifExists || parsed.setQualifier === 'ForAllValues') continue;
    for (const key of op.keys) {
      if (key.key.toLowerCase() !== 'aws:sourceip') continue;
      if (key.values.length > 0 && key.values.every((v) => narrowCidr(v.value))) return true;
    }
  }
  return false;
}

/**
 * aws:userid is "<unique id>:<session name>" for role sessions. "AROAEXAMPLEID:*" is every session of
 * one role, which is as fixed as naming the role; "*:alice" is a session name in any role of any
 * account, so a wildcard counts only after the id.
 */
function isFixedUserId(value: string): boolean {
  if (!hasWildcard(value)) return value !== '' && value !== ORG_ID_PLACEHOLDER;
  return /^[A-Za-z0-9]+:\*$/.test(value);
}

/** Whether the Condition pins the callers down to something fixed, so the grant is not public. */
export function narrowsCallers(statement: StatementModel): boolean {
  return (
    pinsDown(statement, (key) => key !== 'aws:userid' && RESOURCE_NARROWING_KEYS.has(key), isRealValue) ||
    pinsDown(statement, (key) => key === 'aws:userid', isFixedUserId) ||
    limitsSourceIp(statement)
  );
}

/** An AWS principal naming accounts by wildcard (`arn:aws:iam::*:root`, `1111*`): any account fits. */
function wildcardAccount(value: string): boolean {
  const arn = splitArn(value);
  if (arn) return hasWildcard(arn.account);
  return /^[\d*?]+$/.test(value) && hasWildcard(value);
}

interface Grantee {
  model: PrincipalModel;
  /** The sentence's subject: who gets access. */
  who: string;
  notPrincipal: boolean;
}

/** Who a statement's Principal or NotPrincipal opens it to, when that is more than named principals. */
function publicGrantee(statement: StatementModel): Grantee | undefined {
  const principal = statement.principal;
  if (principal) {
    const everyone =
      principal.wildcard !== undefined ||
      principal.entries.some((e) => (e.type === 'AWS' || e.type === 'CanonicalUser') && e.value === '*');
    if (everyone) return { model: principal, who: 'Anyone, including anonymous callers,', notPrincipal: false };
    const wildcard = principal.entries.find((e) => e.type === 'AWS' && wildcardAccount(e.value));
    if (wildcard) return { model: principal, who: `Any AWS account ("${wildcard.value}" has a wildcard account id)`, notPrincipal: false };
  }
  // Allow + NotPrincipal: everyone but the few it lists, anonymous callers included.
  if (statement.notPrincipal) {
    return {
      model: statement.notPrincipal,
      who: 'Everyone except the principals NotPrincipal lists, including anonymous callers,',
      notPrincipal: true,
    };
  }
  return undefined;
}

const beyondReadListSets = new WeakMap<Catalog, ActionSet>();

/** Every catalog action whose access level is not Read or List: Write, Permissions management, Tagging. */
function beyondReadList(catalog: Catalog): ActionSet {
  let set = beyondReadListSets.get(catalog);
  if (!set) {
    set = ActionSet.of(
      catalog.size,
      catalog.actions.filter((a) => a.level !== 'Read' && a.level !== 'List').map((a) => a.index),
    );
    beyondReadListSets.set(catalog, set);
  }
  return set;
}

/** The set's size and first names (index order, which is alphabetical), without naming all of a `*` grant's thousands. */
function preview(catalog: Catalog, set: ActionSet): { total: number; names: string } {
  const total = set.count();
  const first: string[] = [];
  for (const i of set.indexes()) {
    first.push(catalog.actionAt(i).fullName);
    if (first.length > 3) break;
  }
  return { total, names: previewFirst(first, total) };
}

/** How the statement reaches `scope`: its NotAction, or the wildcard patterns that do; nothing when it names them exactly. */
function through(catalog: Catalog, statement: StatementModel, scope: ActionSet): string {
  if (statement.notAction && !statement.action) return ' through NotAction (an Allow with NotAction allows every action it does not list)';
  const sources = (statement.action?.items ?? []).filter((item) => {
    const match = matchItem(catalog, item);
    return match.kind === 'matched' && match.set.intersects(scope);
  });
  if (!sources.some((item) => hasWildcard(item.value))) return '';
  return ` through ${previewList(
    sources.map((item) => `"${item.value}"`),
    2,
  )}`;
}

const HOW =
  'name the principals that need access, or pin callers down with a Condition on a fixed value, e.g. "StringEquals": {"aws:PrincipalOrgID": "o-..."} ' +
  '(or aws:SourceVpce, aws:SourceArn, aws:SourceAccount, or "IpAddress" on aws:SourceIp).';
const HOW_NOT_PRINCIPAL =
  'name the principals that need access in Principal instead of an Allow with NotPrincipal (or pin callers down with a Condition on a fixed aws:PrincipalOrgID, aws:SourceVpce or aws:SourceArn).';

function hasPlaceholder(statement: StatementModel): boolean {
  return (statement.condition?.operators ?? []).some((op) => op.keys.some((k) => k.values.some((v) => v.value === ORG_ID_PLACEHOLDER)));
}

/**
 * A resource policy (bucket, queue, topic, key...) statement that allows actions to everyone: "*",
 * any account by wildcard, or Allow with NotPrincipal, with no Condition pinning the callers down.
 */
export const resourcePublicPrincipal: Rule = {
  meta: {
    id: 'resource-public-principal',
    severity: 'error',
    category: 'security',
    description:
      'A resource policy allows actions to everyone ("*", any account, or Allow with NotPrincipal) with no Condition that pins the callers down.',
    appliesTo: ['resource'],
  },
  check({ doc, catalog, report }) {
    for (const statement of doc.statements) {
      // A cut-off statement may have its Condition still to come.
      if (statement.effect?.value !== 'Allow' || statement.incomplete) continue;
      const grantee = publicGrantee(statement);
      if (!grantee || narrowsCallers(statement)) continue;
      const how = grantee.notPrincipal ? HOW_NOT_PRINCIPAL : HOW;
      const reached = statementActions(catalog, statement);
      const writes = reached?.within(beyondReadList(catalog));
      let severity: 'error' | 'warning' = 'warning';
      let message: string;
      if (reached && writes && !writes.isEmpty()) {
        severity = 'error';
        const { total, names } = preview(catalog, writes);
        message =
          `${grantee.who} can call ${plural(total, 'action')} beyond Read and List${through(catalog, statement, writes)}: ${names}. ` +
          `That opens Write, Permissions management or Tagging access to the public; to close it, ${how}`;
      } else if (reached && !reached.set.isEmpty()) {
        const { total, names } = preview(catalog, reached.set);
        message =
          `${grantee.who} can call ${plural(total, 'Read or List action')}${through(catalog, statement, reached.set)}: ${names}. ` +
          `If public read is intended (a static website bucket, say), suppress this finding with a reason; otherwise ${how}`;
      } else {
        // Nothing known is reached (unknown or misspelt actions, or no Action at all): the grant is
        // public all the same, but whether it writes cannot be told, so it is not called an error.
        const written = actionList(statement)?.items.map((i) => `"${i.value}"`) ?? [];
        let what = "this statement's actions, which it does not name";
        if (statement.action && statement.notAction) what = "this statement's actions (it has both Action and NotAction)";
        else if (written.length > 0)
          what = `${previewList(written)}, which ${written.length === 1 ? 'matches' : 'match'} no action in the IAM action catalog`;
        message = `${grantee.who} is allowed ${what}; whether that includes writes cannot be told. To keep it from the public, ${how}`;
      }
      if (hasPlaceholder(statement)) {
        message += ` "${ORG_ID_PLACEHOLDER}" is the placeholder a quick fix inserted: replace it with your organization's id (aws organizations describe-organization).`;
      }
      report({
        node: grantee.model.node,
        severity,
        message,
        data: { statement: statement.index, notPrincipal: grantee.notPrincipal },
      });
    }
  },
  fixes(finding, { text, doc, format }) {
    const statement = findingStatement(finding, doc);
    // Allow + NotPrincipal is itself the mistake: a Condition would only hide it, so no fix there.
    if (!statement || statement.incomplete || finding.data?.notPrincipal) return [];
    // Services call without an organization: the condition would cut them off.
    if (statement.principal?.entries.some((e) => e.type === 'Service')) return [];
    const edit = restrictToOrganization(text, statement, format);
    return edit
      ? [
          {
            title: 'Restrict to your AWS Organization (aws:PrincipalOrgID)',
            kind: 'quickfix',
            edits: [edit],
            isPreferred: true,
            snippet: true,
          },
        ]
      : [];
  },
};

/** A snippet edit requiring `aws:PrincipalOrgID` (StringEquals), its value a placeholder to type over. */
export function restrictToOrganization(text: string, statement: StatementModel, format: TextFormat): FixEdit | undefined {
  return requireStringEquals(text, statement, format, 'aws:PrincipalOrgID', ORG_ID_PLACEHOLDER);
}
