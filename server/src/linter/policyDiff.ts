import { getNodeValue } from 'jsonc-parser';
import { awsManagedPolicy } from '../catalog/awsManagedPolicies';
import { readPolicy } from '../engine/parse';
import { AccessLevel, Catalog, sharedCatalog } from '../catalog/catalog';
import { PolicyAccess, policyAccess } from '../engine/access';
import { AccessDelta, compareAccess } from '../engine/accessCompare';
import { AnalyzeOptions } from '../engine/analyze';
import { DocumentKind, PolicyDocument, StatementModel } from '../engine/model';
import { Finding } from '../engine/rule';
import { FileAnalysis, analyzeFile } from './analyzeFile';
import { pinnedAwsManagedTree } from './awsManagedAttachments';

/**
 * `iamlp diff` and the editor's "access added since HEAD" over one file's policies: pairs BASE's and
 * HEAD's by locator and compares what they allow (engine/accessCompare.ts) and what the rules find.
 * A policy file holds one policy, whose locator is null; a CloudFormation or Terraform file will
 * hold several, each named by its locator, and pair the same way.
 */

/** One policy of a file, as read by the linter. */
export interface PolicyInput {
  /** Where the policy sits in its file (an IaC resource path); null for a file that is a policy. */
  locator: string | null;
  kind: DocumentKind;
  document: PolicyDocument;
  /**
   * A template's policy as each combination of its `Fn::If` conditions deploys it; the first is
   * `document`. A policy file has one.
   */
  variants?: PolicyDocument[];
  findings: Finding[];
}

export type ChangeStatus = 'added' | 'removed' | 'modified';

export interface PolicyChange {
  policy: string | null;
  status: ChangeStatus;
  kind: DocumentKind;
  delta: AccessDelta;
  /** HEAD's findings that BASE does not have, and BASE's that HEAD no longer has. */
  findingsAdded: Finding[];
  findingsResolved: Finding[];
  /** The side the findings and reasons point into: HEAD, or BASE for a removed policy. */
  document: PolicyDocument;
}

/** What a file holds for `iamlp diff`: its policies, and why it could not be read if it could not. */
export interface FilePolicies {
  /** `policy` for a policy file; the template's format (CloudFormation JSON or YAML, ...) otherwise. */
  format: FileAnalysis['format'];
  policies: PolicyInput[];
  /** Set for a template that could not be read (its invalid-template finding), or whose reader is not loaded. */
  problem?: string;
}

/**
 * The policies of a file: the file itself for a policy file, each embedded policy with its locator
 * for a template (linter/analyzeFile.ts). `options` carry the project configuration's rule
 * settings and suppressions, so a finding the team accepted is not "added".
 */
export function policiesOfFile(text: string, file: string, options: Pick<AnalyzeOptions, 'rules' | 'suppressions'> = {}): FilePolicies {
  const analysis = analyzeFile(text, file, { ...options, language: file.toLowerCase().endsWith('.jsonc') ? 'jsonc' : 'json' });
  const policies: PolicyInput[] = [];
  for (const policy of analysis.policies) {
    const document = policy.results[0]?.document;
    if (!document || policy.kind === 'none') continue;
    const variants = policy.results.map((r) => r.document);
    policies.push({
      locator: policy.locator,
      kind: policy.kind,
      document,
      ...(variants.length > 1 ? { variants } : {}),
      findings: policy.findings,
    });
  }
  // An AWS managed policy the template attaches is a policy of the file too: attaching one grants
  // all it allows, and detaching one takes it back.
  const judged = new Map((analysis.awsManaged ?? []).map((a) => [`${a.offset}:${a.length}:${a.path}`, a.findings]));
  for (const attachment of analysis.awsManagedAttachments ?? []) {
    const managed = awsManagedPolicy(sharedCatalog(), attachment.path);
    if (!managed) continue;
    policies.push({
      locator: `${attachment.principal} holds AWS managed policy ${managed.path}`,
      kind: 'identity',
      document: attachedPolicy(text, managed.text, attachment),
      findings: judged.get(`${attachment.offset}:${attachment.length}:${managed.path}`) ?? [],
    });
  }
  const problem = analysis.notLoaded ? `no ${analysis.notLoaded} reader is available` : analysis.unread;
  return { format: analysis.format, policies, ...(problem ? { problem } : {}) };
}

/**
 * An AWS managed policy's document read as a policy of the template that attaches it, every node
 * placed on the ARN or name that attaches it (linter/awsManagedAttachments.ts).
 */
function attachedPolicy(text: string, managedText: string, at: { offset: number; length: number }): PolicyDocument {
  return readPolicy(text, pinnedAwsManagedTree(managedText, at), [], true);
}

const EMPTY_ACCESS = (catalog: Catalog, kind: DocumentKind): PolicyAccess => ({
  kind,
  allows: [],
  denies: [],
  allowed: catalog.emptySet(),
});

/** The policies of BASE and HEAD paired by locator; those on one side only are added or removed. */
export function diffPolicies(
  base: readonly PolicyInput[],
  head: readonly PolicyInput[],
  catalog: Catalog = sharedCatalog(),
): PolicyChange[] {
  const changes: PolicyChange[] = [];
  const baseByLocator = new Map(base.map((p) => [p.locator ?? '', p]));
  const paired = new Set<string>();
  for (const h of head) {
    const key = h.locator ?? '';
    const b = baseByLocator.get(key);
    paired.add(key);
    // A template's policy whose own text did not change is no change, whatever changed around it.
    if (b && sourceOf(b.document) === sourceOf(h.document)) continue;
    const findings = matchFindings(b, h);
    changes.push({
      policy: h.locator,
      status: b ? 'modified' : 'added',
      kind: h.kind,
      delta: compareVariants(catalog, b, h),
      findingsAdded: findings.added,
      findingsResolved: findings.resolved,
      document: h.document,
    });
  }
  for (const b of base) {
    if (paired.has(b.locator ?? '')) continue;
    changes.push({
      policy: b.locator,
      status: 'removed',
      kind: b.kind,
      delta: compareAccess(catalog, policyAccess(catalog, b.document, b.kind), EMPTY_ACCESS(catalog, b.kind)),
      findingsAdded: [],
      findingsResolved: b.findings,
      document: b.document,
    });
  }
  return changes;
}

/**
 * The access HEAD adds, variant by variant: a template deploys one combination of its conditions,
 * so each HEAD variant is compared with BASE's of the same combination (by position, the
 * conditions being the template's own). When the combinations changed, which BASE variant goes
 * with which is unknown: each HEAD variant is compared with every BASE variant. What any
 * comparison adds is added.
 */
function compareVariants(catalog: Catalog, base: PolicyInput | undefined, head: PolicyInput): AccessDelta {
  const headVariants = head.variants ?? [head.document];
  const baseVariants = base ? (base.variants ?? [base.document]) : [];
  const access = (document: PolicyDocument, kind: DocumentKind) => policyAccess(catalog, document, kind);
  const pairs: Array<[PolicyDocument | undefined, PolicyDocument]> =
    baseVariants.length === 0
      ? headVariants.map((h) => [undefined, h])
      : headVariants.length === baseVariants.length
        ? headVariants.map((h, i) => [baseVariants[i], h])
        : headVariants.flatMap((h) => baseVariants.map((b): [PolicyDocument, PolicyDocument] => [b, h]));
  const deltas = pairs.map(([b, h]) =>
    compareAccess(catalog, b ? access(b, base!.kind) : EMPTY_ACCESS(catalog, head.kind), access(h, head.kind)),
  );
  const [first, ...rest] = deltas;
  for (const d of rest) {
    first.added.addAll(d.added);
    first.broadened.addAll(d.broadened);
    first.removed.retainAll(d.removed);
    for (const p of d.principalsAdded)
      if (!first.principalsAdded.some((q) => q.type === p.type && q.value === p.value)) first.principalsAdded.push(p);
    first.principalsRemoved = first.principalsRemoved.filter((p) =>
      d.principalsRemoved.some((q) => q.type === p.type && q.value === p.value),
    );
    for (const name of d.unknownAdded) if (!first.unknownAdded.includes(name)) first.unknownAdded.push(name);
    for (const r of d.reasons)
      if (!first.reasons.some((x) => x.why === r.why && x.statement.index === r.statement.index)) first.reasons.push(r);
  }
  first.broadened.removeAll(first.added);
  return first;
}

/** The text of a policy as written: the whole file for a policy file, its slot for a template. */
function sourceOf(document: PolicyDocument): string {
  const root = document.root;
  return root ? document.text.slice(root.offset, root.offset + root.length) : document.text;
}

/** Whether the change lets anyone do anything new: actions, broader requests, principals. */
export function grantsNewAccess(change: PolicyChange): boolean {
  const d = change.delta;
  return !d.added.isEmpty() || !d.broadened.isEmpty() || d.principalsAdded.length > 0 || d.unknownAdded.length > 0;
}

const WRITE_LEVELS: readonly AccessLevel[] = ['Write', 'Permissions management', 'Tagging'];

/**
 * Whether the change adds Write, Permissions management or Tagging access (`--fail-on writes`). An
 * action the catalog does not know has no known access level: it counts as a write.
 */
export function grantsNewWrites(change: PolicyChange, catalog: Catalog = sharedCatalog()): boolean {
  if (change.delta.unknownAdded.length > 0) return true;
  for (const set of [change.delta.added, change.delta.broadened])
    for (const i of set.indexes()) if (WRITE_LEVELS.includes(catalog.actionAt(i).level)) return true;
  return false;
}

/**
 * A statement's identity across versions: its Sid, else its content with white space and key order
 * left out, so a statement moved or re-indented is the same statement and a finding on it is not new.
 */
function statementIdentity(document: PolicyDocument, offset: number, memo: IdentityMemo): string {
  const statement = statementAt(document, offset, memo);
  if (!statement) return 'document';
  if (statement.sid) return `sid:${statement.sid.value}`;
  // Once a statement: a 400 kB statement with thousands of findings was written out for each.
  let identity = memo.identities.get(statement);
  if (identity === undefined) memo.identities.set(statement, (identity = `content:${canonicalJson(getNodeValue(statement.node))}`));
  return identity;
}

/**
 * What one matching of findings works out once: statement identities and the statements of each
 * document in text order. Maps of the call, not module WeakMaps: V8's young-generation collections
 * keep weak-map entries, and with them every document compared, until a full collection.
 */
interface IdentityMemo {
  statementIds: Map<string, number>;
  identities: Map<StatementModel, string>;
  statementsInOrder: Map<PolicyDocument, StatementModel[]>;
}

/** The statement holding `offset`, by a binary search over the statements in text order. */
function statementAt(document: PolicyDocument, offset: number, memo: IdentityMemo): StatementModel | undefined {
  let ordered = memo.statementsInOrder.get(document);
  if (!ordered) memo.statementsInOrder.set(document, (ordered = [...document.statements].sort((a, b) => a.node.offset - b.node.offset)));
  let low = 0;
  let high = ordered.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (ordered[mid].node.offset <= offset) low = mid + 1;
    else high = mid;
  }
  const statement = ordered[low - 1];
  return statement && offset < statement.node.offset + statement.node.length ? statement : undefined;
}

/** JSON with every object's keys sorted, written in one pass: nested values are not copied into their parents' strings. */
function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  writeCanonical(value, parts);
  return parts.join('');
}

function writeCanonical(value: unknown, parts: string[]): void {
  if (Array.isArray(value)) {
    parts.push('[');
    value.forEach((item, i) => {
      if (i > 0) parts.push(',');
      writeCanonical(item, parts);
    });
    parts.push(']');
  } else if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    parts.push('{');
    entries.forEach(([key, item], i) => {
      parts.push(i > 0 ? ',' : '', JSON.stringify(key), ':');
      writeCanonical(item, parts);
    });
    parts.push('}');
  } else parts.push(JSON.stringify(value) ?? 'null');
}

function findingIdentity(document: PolicyDocument, finding: Finding, memo: IdentityMemo): string {
  const flagged = document.text
    .slice(finding.offset, finding.offset + finding.length)
    .replace(/\s+/g, ' ')
    .trim();
  // A statement's identity may be its whole content: each is numbered once, so that a key per
  // finding does not copy it (thousands of findings in one 400 kB statement took seconds).
  const statement = statementIdentity(document, finding.offset, memo);
  let id = memo.statementIds.get(statement);
  if (id === undefined) memo.statementIds.set(statement, (id = memo.statementIds.size));
  return `${finding.rule}\0${id}\0${flagged}`;
}

/** Findings matched by rule, statement identity and flagged text: line numbers play no part. */
function matchFindings(base: PolicyInput | undefined, head: PolicyInput): { added: Finding[]; resolved: Finding[] } {
  if (!base) return { added: head.findings, resolved: [] };
  const memo: IdentityMemo = { statementIds: new Map(), identities: new Map(), statementsInOrder: new Map() };
  const unmatched = new Map<string, { findings: Finding[]; matched: number }>();
  for (const f of base.findings) {
    const key = findingIdentity(base.document, f, memo);
    const known = unmatched.get(key);
    if (known) known.findings.push(f);
    else unmatched.set(key, { findings: [f], matched: 0 });
  }
  const added: Finding[] = [];
  for (const f of head.findings) {
    const same = unmatched.get(findingIdentity(head.document, f, memo));
    if (same && same.matched < same.findings.length) same.matched++;
    else added.push(f);
  }
  return { added, resolved: [...unmatched.values()].flatMap((u) => u.findings.slice(u.matched)) };
}
