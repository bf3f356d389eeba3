import type { Node } from 'jsonc-parser';
import { Catalog, CatalogAction, sharedCatalog, splitAction } from '../catalog/catalog';
import { CatalogDetails, ConditionKeyInfo, catalogDetails } from '../catalog/details';
import { hasWildcard } from '../catalog/wildcard';
import { parseOperator } from '../engine/conditions';
import { classifyDocument } from '../engine/kind';
import { ConditionModel, PolicyDocument, StatementModel } from '../engine/model';
import { POLICY_VERSIONS } from '../engine/parse';
import { MAX_DOCUMENT_LENGTH } from '../engine/limits';
import { describeCounts, groupedMarkdown, levelCounts } from './actionSummary';
import { CursorContext, StringAtCursor, locate, quotedTokenOnLine, tokenAt } from './locate';
import { deployTimeOf } from '../engine/deployTime';
import { EmbeddedDocument, parsedPolicy, templateDocumentAt, templateDocuments } from './parseCache';
import { OPERATOR_DOCS, describeOperator, operatorForms, operatorValueType } from './operatorDocs';
import { SnippetDefinition, documentSnippets, snippetEscape, statementSnippets } from './snippets';

export type CompletionKind = 'service' | 'action' | 'pattern' | 'operator' | 'conditionKey' | 'value' | 'property' | 'snippet';

/** A completion proposal, protocol-free: offsets into the text, markdown documentation. */
export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  /** Shown beside the label (access level, key type, service name). */
  description?: string;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  insertText: string;
  /** insertText is a snippet (placeholders `${1:...}`). */
  snippet?: boolean;
  /** The text the entry replaces: [start, end) offsets. */
  replace: { start: number; end: number };
  filterText?: string;
  sortText?: string;
  /** Open the completion list again after inserting (a service prefix, then its actions). */
  retrigger?: boolean;
}

export interface CompletionResult {
  items: CompletionEntry[];
  /** The list depends on what is typed (pattern items): ask again as the user types. */
  isIncomplete: boolean;
}

export interface CompletionOptions {
  language?: 'json' | 'jsonc';
  catalog?: Catalog;
  /** A policyFiles glob matches the document: a policy whatever its content. */
  forcePolicy?: boolean;
  /**
   * One of package.json's JSON Schemas applies to the file (jsonValidation): VS Code's JSON support
   * already proposes element names and the Effect and Version values, so they are not proposed twice.
   */
  schemaCovered?: boolean;
  /** The document's file name: in a template, action names complete inside its policies. */
  fileName?: string;
}

const EMPTY: CompletionResult = { items: [], isIncomplete: false };

const STATEMENT_ELEMENTS: Array<{ name: string; body: string; doc: string }> = [
  {
    name: 'Sid',
    body: '"Sid": "${1:StatementId}"',
    doc: 'An optional statement identifier (letters and digits), unique within the policy.',
  },
  {
    name: 'Effect',
    body: '"Effect": "${1|Allow,Deny|}"',
    doc: 'Whether the statement allows or denies the actions. An explicit Deny always wins.',
  },
  { name: 'Action', body: '"Action": [\n\t"$1"\n]', doc: 'The actions the statement applies to (`service:Action`, wildcards allowed).' },
  {
    name: 'NotAction',
    body: '"NotAction": [\n\t"$1"\n]',
    doc: 'Every action **except** these. With Allow it grants everything not listed, including actions AWS adds later: prefer Action.',
  },
  { name: 'Resource', body: '"Resource": "${1:*}"', doc: 'The resources (ARNs) the statement applies to.' },
  { name: 'NotResource', body: '"NotResource": "$1"', doc: 'Every resource **except** these.' },
  {
    name: 'Principal',
    body: '"Principal": {\n\t"${1|AWS,Service,Federated|}": "$2"\n}',
    doc: 'Who the statement applies to (trust and resource policies only).',
  },
  { name: 'NotPrincipal', body: '"NotPrincipal": {\n\t"AWS": "$1"\n}', doc: 'Every principal **except** these; rarely what you want.' },
  {
    name: 'Condition',
    body: '"Condition": {\n\t"${1:StringEquals}": {\n\t\t"$2": "$3"\n\t}\n}',
    doc: 'When the statement applies: `{"Operator": {"key": "value"}}`.',
  },
];

const PRINCIPAL_TYPES: Array<{ name: string; doc: string; value: string }> = [
  {
    name: 'AWS',
    doc: 'An IAM role or user ARN, or a whole account (`arn:aws:iam::111122223333:root`: every principal its policies allow). Name the principal when you can.',
    value: 'arn:aws:iam::${1:111122223333}:role/${2:role-name}',
  },
  { name: 'Service', doc: 'An AWS service principal such as `lambda.amazonaws.com`.', value: '${1:lambda}.amazonaws.com' },
  {
    name: 'Federated',
    doc: 'An OIDC or SAML identity provider ARN, or `cognito-identity.amazonaws.com`.',
    value: 'arn:aws:iam::${1:111122223333}:oidc-provider/${2:token.actions.githubusercontent.com}',
  },
  { name: 'CanonicalUser', doc: 'An S3 canonical user ID.', value: '$1' },
];

const SERVICE_PRINCIPALS = [
  'lambda.amazonaws.com',
  'ec2.amazonaws.com',
  'ecs-tasks.amazonaws.com',
  'states.amazonaws.com',
  'events.amazonaws.com',
  'scheduler.amazonaws.com',
  'cloudformation.amazonaws.com',
  'codebuild.amazonaws.com',
  'codepipeline.amazonaws.com',
  'apigateway.amazonaws.com',
  'glue.amazonaws.com',
  'sagemaker.amazonaws.com',
  'eks.amazonaws.com',
  'pods.eks.amazonaws.com',
  'firehose.amazonaws.com',
  'logs.amazonaws.com',
  'sns.amazonaws.com',
  'backup.amazonaws.com',
  'edgelambda.amazonaws.com',
  'rds.amazonaws.com',
];

function quoted(value: string): string {
  return `"${value}"`;
}

/** Range and text for a value that may or may not be inside quotes already. */
function valueEntry(ctx: CursorContext, label: string, kind: CompletionKind, extra: Partial<CompletionEntry> = {}): CompletionEntry {
  const s = ctx.string;
  if (s) return { label, kind, insertText: label, replace: { start: s.contentStart, end: s.contentEnd }, ...extra };
  return { label, kind, insertText: quoted(label), replace: { start: ctx.offset, end: ctx.offset }, filterText: quoted(label), ...extra };
}

/**
 * A property key proposal: replaces the whole key token (quotes included) and, unless a colon
 * already follows the key, inserts `"key": value`.
 */
function keyEntry(
  text: string,
  ctx: CursorContext,
  key: string,
  valueSnippet: string,
  kind: CompletionKind,
  extra: Partial<CompletionEntry> = {},
): CompletionEntry {
  const s = ctx.string;
  const start = s ? s.tokenStart : ctx.offset;
  const end = s ? s.tokenEnd : ctx.offset;
  const hasColon = /^\s*:/.test(text.slice(end));
  const keyText = snippetEscape(key);
  let insertText = hasColon ? `"${keyText}"` : `"${keyText}": ${valueSnippet}`;
  if (!hasColon && /^\s*["{[]/.test(text.slice(end))) insertText += ',';
  return { label: key, kind, insertText, snippet: true, replace: { start, end }, filterText: `"${key}"`, ...extra };
}

const actionDocs = new WeakMap<Catalog, Array<string | undefined>>();

/** An action's description and resource types, memoised per catalog action. */
function actionDocumentation(catalog: Catalog, details: CatalogDetails | undefined, action: CatalogAction): string | undefined {
  let docs = actionDocs.get(catalog);
  if (!docs) actionDocs.set(catalog, (docs = []));
  if (docs[action.index] !== undefined) return docs[action.index] || undefined;
  const d = details?.action(action);
  let text = '';
  if (d) {
    text = d.description;
    if (d.resourceTypes.length > 0) {
      text += `\n\nResource types: ${d.resourceTypes.map((r) => (r.required ? `${r.name} (required)` : r.name)).join(', ')}`;
    }
  }
  docs[action.index] = text;
  return text || undefined;
}

/** `Get` for GetUser: the leading verb of an action name. */
function verbOf(name: string): string {
  return /^[A-Z][a-z]*/.exec(name)?.[0] ?? name;
}

const patternInfo = new Map<string, { description: string; documentation: string; count: number } | null>();

/** A pattern's count line and grouped list, memoised (the catalog is immutable). */
function describePattern(catalog: Catalog, pattern: string) {
  const key = pattern.toLowerCase();
  let info = patternInfo.get(key);
  if (info === undefined) {
    const match = catalog.match(pattern);
    if (match.kind !== 'matched' || match.count === 0) info = null;
    else {
      const counts = levelCounts(catalog, match.set);
      info = { description: describeCounts(counts), documentation: groupedMarkdown(catalog, match.set), count: counts.total };
    }
    if (patternInfo.size > 5000) patternInfo.clear();
    patternInfo.set(key, info);
  }
  return info ?? undefined;
}

function patternEntry(
  catalog: Catalog,
  pattern: string,
  s: StringAtCursor,
  sortText: string,
  filterText?: string,
): CompletionEntry | undefined {
  const info = describePattern(catalog, pattern);
  if (!info) return undefined;
  return {
    label: pattern,
    kind: 'pattern',
    description: info.description,
    detail: `matches ${info.description}`,
    documentation: info.documentation,
    insertText: pattern,
    replace: { start: s.contentStart, end: s.contentEnd },
    sortText,
    ...(filterText ? { filterText } : {}),
  };
}

function actionCompletions(catalog: Catalog, s: StringAtCursor): CompletionResult {
  const typed = s.typed;
  const replace = { start: s.contentStart, end: s.contentEnd };
  const colon = typed.indexOf(':');
  if (colon === -1) {
    if (hasWildcard(typed)) return EMPTY;
    const items = catalog.services.map((service): CompletionEntry => ({
      label: service.prefix,
      kind: 'service',
      description: service.name,
      detail: `${service.name}: ${service.end - service.first} actions`,
      insertText: `${service.prefix}:`,
      filterText: service.prefix,
      replace,
      retrigger: true,
    }));
    return { items, isIncomplete: false };
  }

  const split = splitAction(typed.endsWith(':') ? `${typed}*` : typed);
  if ('error' in split) return EMPTY;
  const details = catalogDetails(catalog);
  const items: CompletionEntry[] = [];
  const actionEntry = (action: CatalogAction, filterText?: string): CompletionEntry => ({
    label: action.fullName,
    kind: 'action',
    description: action.level,
    detail: action.level,
    documentation: actionDocumentation(catalog, details, action),
    insertText: action.fullName,
    replace,
    sortText: `1${action.fullName}`,
    ...(filterText ? { filterText } : {}),
  });

  const actionPart = typed.slice(colon + 1);
  if (hasWildcard(split.service) || hasWildcard(actionPart)) {
    // A pattern being written: the pattern itself with its count, then everything it matches.
    const pattern = hasWildcard(actionPart) ? typed : `${typed}*`;
    const own = patternEntry(catalog, pattern, s, '0', typed);
    if (own) items.push(own);
    const match = catalog.match(pattern);
    if (match.kind === 'matched') {
      let n = 0;
      for (const i of match.set.indexes()) {
        if (n++ >= 500) break;
        items.push(actionEntry(catalog.actionAt(i), typed));
      }
    }
    return { items, isIncomplete: true };
  }

  const service = catalog.service(split.service);
  if (!service) return EMPTY;
  const verbs = new Map<string, number>();
  for (let i = service.first; i < service.end; i++) {
    const action = catalog.actionAt(i);
    items.push(actionEntry(action));
    const verb = verbOf(action.name);
    verbs.set(verb, (verbs.get(verb) ?? 0) + 1);
  }
  const offered = new Set<string>();
  for (const [verb, n] of verbs) {
    if (n < 2) continue;
    const entry = patternEntry(catalog, `${service.prefix}:${verb}*`, s, `2${verb}`);
    if (entry) {
      items.push(entry);
      offered.add(entry.label.toLowerCase());
    }
  }
  // What is typed, completed as a pattern (`iam:GetAccount` → `iam:GetAccount*`), in AWS's casing.
  if (actionPart.length > 0) {
    const match = catalog.match(`${typed}*`);
    if (match.kind === 'matched' && match.count >= 2) {
      const first = catalog.actionAt(match.set.indexes().next().value as number);
      const pattern = `${service.prefix}:${first.name.slice(0, actionPart.length)}*`;
      if (!offered.has(pattern.toLowerCase())) {
        const entry = patternEntry(catalog, pattern, s, '0');
        if (entry) items.push(entry);
      }
    }
  }
  const all = patternEntry(catalog, `${service.prefix}:*`, s, '9');
  if (all) {
    all.documentation = `Every action of ${service.name}, including those AWS adds later: rarely least privilege.\n\n${all.documentation}`;
    items.push(all);
  }
  return { items, isIncomplete: actionPart.length > 0 };
}

/** The service prefixes a statement's actions name, in order of appearance. */
function statementServices(statement: StatementModel | undefined): string[] {
  const services: string[] = [];
  for (const item of [...(statement?.action?.items ?? []), ...(statement?.notAction?.items ?? [])]) {
    const split = splitAction(item.value);
    if ('error' in split || hasWildcard(split.service)) continue;
    const prefix = split.service.toLowerCase();
    if (!services.includes(prefix)) services.push(prefix);
  }
  return services;
}

function keySnippet(name: string): string {
  // `aws:PrincipalTag/tag-key` and `s3:ExistingObjectTag/${TagKey}`: the tag name is a placeholder.
  if (name.endsWith('/tag-key')) return `${snippetEscape(name.slice(0, -'tag-key'.length))}\${1:tag-key}`;
  let n = 0;
  return name
    .split(/(\$\{[^}]*\})/)
    .map((part) => (part.startsWith('${') ? `\${${++n}:${part.slice(2, -1)}}` : snippetEscape(part)))
    .join('');
}

/**
 * How a key proposal is written into a template: the token's content is replaced by the bare name
 * (the host's own quotes, if any, stay), then `suffix` (`: ` after a YAML scalar that stands where a
 * key belongs). JSON's `"key": value` would not read as YAML or HCL.
 */
interface HostKey {
  suffix: string;
}

function conditionKeyCompletions(catalog: Catalog, text: string, ctx: CursorContext, operator: string, host?: HostKey): CompletionResult {
  const details = catalogDetails(catalog);
  if (!details) return EMPTY;
  const typed = ctx.string?.typed ?? '';
  const services = statementServices(ctx.statement);
  const typedPrefix = typed.includes(':') ? typed.slice(0, typed.indexOf(':')).toLowerCase() : undefined;
  if (typedPrefix && catalog.service(typedPrefix) && !services.includes(typedPrefix)) services.push(typedPrefix);
  const parsed = parseOperator(operator);
  const wantedType = parsed.base ? operatorValueType(parsed.base) : undefined;

  const seen = new Set<string>();
  const items: CompletionEntry[] = [];
  const add = (info: ConditionKeyInfo, rank: number) => {
    const lower = info.name.toLowerCase();
    if (seen.has(lower)) return;
    seen.add(lower);
    const typeFits = wantedType === undefined || wantedType === 'any' || info.type.replace(/^ArrayOf/, '') === wantedType;
    const documentation = [info.description, info.advice].filter(Boolean).join('\n\n');
    const s = ctx.string;
    const keyText = keySnippet(info.name);
    let insertText: string;
    let replace: CompletionEntry['replace'];
    if (host && s) {
      insertText = keyText + host.suffix;
      replace = { start: s.contentStart, end: s.contentEnd };
    } else {
      const start = s ? s.tokenStart : ctx.offset;
      const end = s ? s.tokenEnd : ctx.offset;
      const hasColon = /^\s*:/.test(text.slice(end));
      insertText = hasColon ? `"${keyText}"` : `"${keyText}": "$0"`;
      if (!hasColon && /^\s*"/.test(text.slice(end))) insertText += ',';
      replace = { start, end };
    }
    items.push({
      label: info.name,
      kind: 'conditionKey',
      description: info.type,
      detail: `${info.type} condition key${info.global ? ' (global)' : ` of ${info.service}`}`,
      ...(documentation ? { documentation } : {}),
      insertText,
      snippet: true,
      replace,
      filterText: host ? info.name : `"${info.name}"`,
      // The statement's services first, then global keys; keys of the operator's type before others.
      sortText: `${rank}${typeFits ? 0 : 1}${info.name}`,
    });
  };
  services.forEach((prefix, i) => {
    for (const info of details.serviceKeys(prefix)) {
      // A service's `aws:RequestTag/${TagKey}` is the global `aws:RequestTag/tag-key`: one entry.
      const global = info.name.startsWith('aws:') ? details.conditionKey(info.name.replace(/\$\{TagKey\}$/, 'tag-key')) : undefined;
      add(global?.global ? global : info, Math.min(i, 5));
    }
  });
  for (const info of details.globalKeys) add(info, 6);
  return { items, isIncomplete: false };
}

function operatorCompletions(text: string, ctx: CursorContext, host?: HostKey): CompletionResult {
  const s = ctx.string;
  const items = operatorForms().map((form, i) => {
    const extra = {
      description: operatorValueType(form.base),
      detail: OPERATOR_DOCS[form.base],
      documentation: describeOperator(parseOperator(form.name)),
      sortText: String(i).padStart(3, '0'),
    };
    if (host && s) {
      const replace = { start: s.contentStart, end: s.contentEnd };
      return { label: form.name, kind: 'operator' as const, insertText: form.name + host.suffix, replace, ...extra };
    }
    return keyEntry(text, ctx, form.name, '{\n\t"$1": "$2"\n}', 'operator', extra);
  });
  return { items, isIncomplete: false };
}

function conditionValueCompletions(catalog: Catalog, ctx: CursorContext, key: string): CompletionResult {
  const info = catalogDetails(catalog)?.conditionKey(key);
  if (info?.type === 'Bool') {
    return { items: ['true', 'false'].map((v) => valueEntry(ctx, v, 'value')), isIncomplete: false };
  }
  return EMPTY;
}

function snippetEntries(snippets: SnippetDefinition[], ctx: CursorContext, text: string, preferred: string): CompletionEntry[] {
  const followed = /^\s*[{"]/.test(text.slice(ctx.offset));
  return snippets.map((snippet, i) => ({
    label: snippet.label,
    kind: 'snippet',
    detail: snippet.detail,
    documentation: '```json\n' + snippet.body.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\\(.)/g, '$1') + '\n```',
    insertText: snippet.body + (followed ? ',' : ''),
    snippet: true,
    replace: { start: ctx.offset, end: ctx.offset },
    sortText: `${snippet.kind === preferred ? 0 : 1}${i}`,
  }));
}

function propertyCompletions(
  text: string,
  ctx: CursorContext,
  elements: Array<{ name: string; body: string; doc: string }>,
  present: (name: string) => boolean,
): CompletionResult {
  const items = elements
    .filter((e) => !present(e.name))
    .map((e, i) => {
      const colon = e.body.indexOf(': ');
      return keyEntry(text, ctx, e.name, e.body.slice(colon + 2), 'property', {
        documentation: e.doc,
        sortText: String(i).padStart(2, '0'),
      });
    });
  return { items, isIncomplete: false };
}

function presentIn(node: { children?: Array<{ children?: Array<{ value?: unknown }> }> } | undefined, ctx: CursorContext) {
  return (name: string) =>
    (node?.children ?? []).some(
      (p) => p.children?.[0]?.value === name && !(ctx.string && (p.children?.[0] as { offset?: number }).offset === ctx.string.tokenStart),
    );
}

/** Completion proposals at `offset` of a policy document's text. */
export function complete(text: string, offset: number, options: CompletionOptions = {}): CompletionResult {
  const embedded = text.length > MAX_DOCUMENT_LENGTH ? undefined : templateDocuments(text, options.fileName, offset);
  if (embedded) return embeddedProposals(text, offset, embedded, options.catalog ?? sharedCatalog());
  const result = proposals(text, offset, options);
  // A policy-like document only: the schema of policies/ applies to such documents alone.
  if (!options.schemaCovered || !parsedPolicy(text, options.language).policyLike) return result;
  // What the schema proposes: element names (plain properties) and enum values (Effect, Version).
  const fromSchema = (e: CompletionEntry) =>
    e.kind === 'property' || (e.kind === 'value' && ['Allow', 'Deny', ...POLICY_VERSIONS].includes(e.label));
  return { ...result, items: result.items.filter((e) => !fromSchema(e)) };
}

/**
 * Completion inside a template's policies, whether the host writes a string quoted (`"iam:Get"`,
 * `'iam:Get'`) or plain (a YAML scalar, an HCL key): action names in an Action or NotAction entry,
 * condition operators and keys (a `data "aws_iam_policy_document"` block's `test` and `variable`),
 * and Bool values. Element names and snippets are JSON text, which a YAML or HCL template would
 * not take as it is: not proposed.
 */
function embeddedProposals(text: string, offset: number, documents: readonly EmbeddedDocument[], catalog: Catalog): CompletionResult {
  const doc = templateDocumentAt(documents, offset)?.doc;
  const statement = doc?.statements.find((st) => within(st.node, offset));
  if (!statement) return EMPTY;
  for (const list of [statement.action, statement.notAction]) {
    const item = list?.items.find((i) => within(i.node, offset));
    if (!item || deployTimeOf(item.node)) continue;
    const token = tokenAt(text, item.node, offset);
    if (token) return actionCompletions(catalog, token);
  }
  if (statement.condition && within(statement.condition.node, offset)) {
    return embeddedConditionProposals(text, offset, statement, statement.condition, catalog);
  }
  return EMPTY;
}

function within(node: { offset: number; length: number }, offset: number): boolean {
  return node.offset <= offset && offset <= node.offset + node.length;
}

/** A host key token: proposals replace its content. A scalar standing where a key belongs takes `: `. */
function hostKey(text: string, token: StringAtCursor, standsForKey: boolean): HostKey {
  const quoted = text[token.tokenStart] === '"' || text[token.tokenStart] === "'";
  return { suffix: standsForKey && !quoted ? ': ' : '' };
}

/**
 * Operators and keys of a template's Condition. Half-typed forms count: a YAML scalar under
 * `Condition:` or under an operator (`aws:Sou` before its colon), and a quoted key the host parser
 * dropped for want of a value (`{"aws:Sou"}`).
 */
function embeddedConditionProposals(
  text: string,
  offset: number,
  statement: StatementModel,
  condition: ConditionModel,
  catalog: Catalog,
): CompletionResult {
  const context = (token: StringAtCursor): CursorContext => ({ offset, path: [], isAtPropertyKey: true, statement, string: token });
  const usable = (node: Node) => !deployTimeOf(node);
  if (condition.node.type === 'string') {
    const token = usable(condition.node) ? tokenAt(text, condition.node, offset) : undefined;
    return token ? operatorCompletions(text, context(token), hostKey(text, token, true)) : EMPTY;
  }
  for (const operator of condition.operators) {
    if (within(operator.operatorNode, offset)) {
      const token = usable(operator.operatorNode) ? tokenAt(text, operator.operatorNode, offset) : undefined;
      return token ? operatorCompletions(text, context(token), hostKey(text, token, false)) : EMPTY;
    }
    if (!within(operator.valueNode, offset)) continue;
    for (const key of operator.keys) {
      if (within(key.keyNode, offset)) {
        const token = usable(key.keyNode) ? tokenAt(text, key.keyNode, offset) : undefined;
        return token ? conditionKeyCompletions(catalog, text, context(token), operator.operator, hostKey(text, token, false)) : EMPTY;
      }
      if (within(key.valueNode, offset)) {
        const value = key.values.find((v) => within(v.node, offset));
        const token = value && usable(value.node) ? tokenAt(text, value.node, offset) : undefined;
        return token ? conditionValueCompletions(catalog, context(token), key.key) : EMPTY;
      }
    }
    // A scalar where the keys belong is a key being typed; else a quoted key the parser dropped.
    const standsForKey = operator.valueNode.type === 'string';
    let token: StringAtCursor | undefined;
    if (!standsForKey) token = quotedTokenOnLine(text, offset, operator.valueNode);
    else if (usable(operator.valueNode)) token = tokenAt(text, operator.valueNode, offset);
    return token ? conditionKeyCompletions(catalog, text, context(token), operator.operator, hostKey(text, token, standsForKey)) : EMPTY;
  }
  const token = quotedTokenOnLine(text, offset, condition.node);
  return token ? operatorCompletions(text, context(token), hostKey(text, token, false)) : EMPTY;
}

function proposals(text: string, offset: number, options: CompletionOptions): CompletionResult {
  // Documents the engine does not analyse (file-too-large) get no completion either.
  if (text.length > MAX_DOCUMENT_LENGTH) return EMPTY;
  const catalog = options.catalog ?? sharedCatalog();
  const doc: PolicyDocument = parsedPolicy(text, options.language);
  const ctx = locate(doc, offset);
  // Nesting too deep to walk (the fuzzer's find): nothing sensible to propose, and no crash.
  if (!ctx) return EMPTY;
  const path = ctx.path;
  const sp = ctx.statementPath;

  // An empty document: whole-policy snippets.
  if (path.length === 0 && text.trim() === '') {
    return { items: snippetEntries(documentSnippets(catalog), ctx, text, 'identity'), isIncomplete: false };
  }
  const kind = classifyDocument(catalog, doc, options.forcePolicy);
  // Other JSON files (package.json, tsconfig.json) get nothing, except a new object whose keys
  // are (the beginnings of) policy elements: `{}`, `{"Ver`.
  const startingPolicy =
    doc.root?.type === 'object' &&
    (doc.root.children ?? []).every((p) => {
      const key = String(p.children?.[0]?.value ?? '').toLowerCase();
      return ['version', 'statement', 'id'].some((t) => t.startsWith(key));
    });
  if (kind === 'none' && !startingPolicy) return EMPTY;
  const preferred = kind === 'trust' ? 'trust' : 'identity';

  if (path.length === 1 && ctx.isAtPropertyKey) {
    return propertyCompletions(
      text,
      ctx,
      [
        { name: 'Version', body: '"Version": "2012-10-17"', doc: 'The policy language version: always `2012-10-17`.' },
        { name: 'Statement', body: '"Statement": [\n\t$0\n]', doc: 'The policy statements: an array of statement objects.' },
        { name: 'Id', body: '"Id": "$1"', doc: 'An optional identifier of the policy.' },
      ],
      presentIn(doc.root, ctx),
    );
  }
  if (path.length === 1 && path[0] === 'Version' && !ctx.isAtPropertyKey) {
    return {
      items: POLICY_VERSIONS.slice(0, 1).map((v) =>
        valueEntry(ctx, v, 'value', {
          detail: 'The current policy language version',
          documentation: 'Use `2012-10-17`: the older `2008-10-17` lacks policy variables.',
        }),
      ),
      isIncomplete: false,
    };
  }
  // Between statements in the Statement array.
  if (path[0] === 'Statement' && !sp && !ctx.string && !ctx.isAtPropertyKey && (path.length === 2 || path.length === 1)) {
    const items = snippetEntries(statementSnippets(catalog), ctx, text, preferred);
    if (path.length === 1) {
      for (const item of items) item.insertText = `[\n\t${item.insertText.replace(/\n/g, '\n\t')}\n]`;
    }
    return { items, isIncomplete: false };
  }
  if (!sp) return EMPTY;

  const element = sp[0];
  if (sp.length === 1 && ctx.isAtPropertyKey) {
    return propertyCompletions(text, ctx, STATEMENT_ELEMENTS, presentIn(ctx.statement?.node, ctx));
  }
  if ((element === 'Action' || element === 'NotAction') && !ctx.isAtPropertyKey && (sp.length === 1 || typeof sp[1] === 'number')) {
    if (ctx.string) return actionCompletions(catalog, ctx.string);
    return EMPTY;
  }
  if (element === 'Effect' && sp.length === 1 && !ctx.isAtPropertyKey) {
    return {
      items: [
        valueEntry(ctx, 'Allow', 'value', { documentation: 'Grants the actions, unless a Deny anywhere applies.' }),
        valueEntry(ctx, 'Deny', 'value', { documentation: 'Refuses the actions, whatever any other policy allows.' }),
      ],
      isIncomplete: false,
    };
  }
  if (element === 'Condition') {
    if (sp.length === 2 && ctx.isAtPropertyKey) return operatorCompletions(text, ctx);
    if (sp.length === 3 && ctx.isAtPropertyKey) return conditionKeyCompletions(catalog, text, ctx, String(sp[1]));
    if (sp.length >= 3 && !ctx.isAtPropertyKey && typeof sp[2] === 'string') {
      return conditionValueCompletions(catalog, ctx, sp[2]);
    }
    return EMPTY;
  }
  if (element === 'Principal' || element === 'NotPrincipal') {
    if (sp.length === 1 && !ctx.isAtPropertyKey && !ctx.string) {
      const items = PRINCIPAL_TYPES.slice(0, 3).map((p, i): CompletionEntry => ({
        label: `{"${p.name}": ...}`,
        kind: 'snippet',
        detail: `${element}: ${p.name}`,
        documentation: p.doc,
        insertText: `{\n\t"${p.name}": "${p.value}"\n}`,
        snippet: true,
        replace: { start: ctx.offset, end: ctx.offset },
        sortText: String(i),
      }));
      return { items, isIncomplete: false };
    }
    if (sp.length === 2 && ctx.isAtPropertyKey) {
      const node = ctx.statement && (element === 'Principal' ? ctx.statement.principal : ctx.statement.notPrincipal)?.node;
      return propertyCompletions(
        text,
        ctx,
        PRINCIPAL_TYPES.map((p) => ({ name: p.name, body: `"${p.name}": "${p.value}"`, doc: p.doc })),
        presentIn(node, ctx),
      );
    }
    if (sp[1] === 'Service' && !ctx.isAtPropertyKey && (sp.length === 2 || typeof sp[2] === 'number')) {
      return {
        items: SERVICE_PRINCIPALS.map((p) => valueEntry(ctx, p, 'value', { detail: 'AWS service principal' })),
        isIncomplete: false,
      };
    }
  }
  return EMPTY;
}
