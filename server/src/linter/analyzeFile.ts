import { AnalysisResult, AnalyzeOptions, analyzeEmbedded, analyzeTemplate, byPosition } from '../engine/analyze';
import { LineIndex } from '../engine/lineIndex';
import type { DocumentKind } from '../engine/model';
import type { Finding, TemplateProblem } from '../engine/rule';
import type { SuppressedFinding, Suppression } from '../engine/suppressions';
import { mayHoldTemplate } from '../iac/detect';
import { HostFileRead, readHostFile } from '../iac/hostFile';
import { parsePolicy, readPolicy } from '../engine/parse';
import { Catalog, sharedCatalog } from '../catalog/catalog';
import { awsManagedPolicy } from '../catalog/awsManagedPolicies';
import { PrincipalScope, ScopePolicy, anyOtherPolicies } from '../engine/principalScope';
import type { HostFormat, HostParse, HostPolicy } from '../iac/hostPolicy';
import { allRules } from '../rules';
import { withThousands } from '../util/messages';
import { Steps, runToEnd } from '../util/steps';
import { analyzePolicy, analyzePolicyInSteps } from './analyze';
import { AttachmentAnalysis, judgeAwsManagedAttachments } from './awsManagedAttachments';
import { movedPolicyAnalysis, policySignature, policyStart } from './policyReuse';

/** One policy of a file: the file itself for a policy file, or one slot of a template. */
export interface PolicyAnalysis {
  /** The template's slot; undefined for a standalone policy file. */
  host?: HostPolicy;
  /** The slot's locator (`Resources.Role.Properties.AssumeRolePolicyDocument`); null for a policy file. */
  locator: string | null;
  kind: DocumentKind;
  /** One analysis per variant of the template's conditions; the first is what editor features read. */
  results: AnalysisResult[];
  /** What any variant reports, each once. */
  findings: Finding[];
  /** The variant's analysis each finding comes from: its fixes read that variant's document. */
  origins: Map<Finding, AnalysisResult>;
  suppressed: SuppressedFinding[];
  ruleErrors: AnalysisResult['ruleErrors'];
}

export interface FileAnalysis {
  /** `policy` for a standalone policy file (or a file that holds none). */
  format: HostFormat | 'policy';
  text: string;
  lines: LineIndex;
  policies: PolicyAnalysis[];
  /** About the template itself: it cannot be parsed, a principal has more policies than IAM allows. */
  templateFindings: Finding[];
  /** Why the template was not read whole: the message of its first finding of a parse problem. */
  unread?: string;
  /** Every finding of the file, in position order. */
  findings: Finding[];
  /** Policy files the template points at (Terraform `file(...)`), for the CLI to check. */
  referencedFiles: HostParse['referencedFiles'];
  /** Where the template attaches AWS managed policies to its principals (iamlp diff compares them as policies). */
  awsManagedAttachments?: HostParse['awsManagedAttachments'];
  /**
   * Each place the template attaches an AWS managed policy, judged as a policy of its principals
   * (linter/awsManagedAttachments.ts); their findings are among `findings`, and none has a fix.
   */
  awsManaged?: AttachmentAnalysis[];
  /** A Terraform file seen before its parser was loaded: nothing was analysed yet. */
  notLoaded?: HostFormat;
  /** With `incremental`: each template policy by what its findings depend on, for the next version. */
  reusable?: ReadonlyMap<string, PolicyAnalysis>;
}

export interface AnalyzeFileContext {
  /** How a standalone policy file is analysed (the language server passes its cached analysis). */
  analyzeStandalone?: (text: string, options: AnalyzeOptions) => AnalysisResult;
  /**
   * For an editor that analyses version after version of one file: `previous` is the analysis of an
   * earlier version of the same file under the same options (or undefined for the first). A
   * template's unchanged policies then reuse its findings (linter/policyReuse.ts).
   */
  incremental?: { previous?: FileAnalysis };
}

/** CDK names its constructs in metadata; a message names the construct where a person knows it. */
function withConstruct(finding: Finding, host: HostPolicy): Finding {
  return host.construct ? { ...finding, message: `${finding.message} (construct ${host.construct})` } : finding;
}

/**
 * More policies than IAM lets any one principal have. A role takes at most 20 managed policies and
 * 10,240 characters of inline policies (some 170 policies of the smallest size, 60 characters); a
 * user holds its own (20 managed, 2,048 characters) and those of its 10 groups (20 managed and 5,120
 * characters each): about 1,100 at the very most. Each policy of a principal is judged with every
 * other one, which is quadratic: a template of 8,000 policies on one role took 54 s.
 */
export const MAX_POLICIES_PER_PRINCIPAL = 1200;

/**
 * The principal scopes of each policy of a template: for every principal a policy is attached to,
 * the principal's other identity policies in the template, read once each (their first variant).
 * A principal with more than MAX_POLICIES_PER_PRINCIPAL policies is a template IAM rejects: it is
 * reported (`overfull`, an invalid-template finding) and its policies are judged one by one.
 */
function templateScopes(
  text: string,
  policies: readonly HostPolicy[],
  awsManaged: HostParse['awsManagedPolicies'],
  catalog: Catalog,
): {
  scopes: Map<HostPolicy, PrincipalScope[]>;
  overfull: TemplateProblem[];
  /** A principal's scope for one of the AWS managed policies it holds (by path): its other policies. */
  scopeOfAwsManaged: (principal: string, path: string) => PrincipalScope;
} {
  const byPrincipal = new Map<string, HostPolicy[]>();
  for (const policy of policies) {
    for (const name of policy.attachedTo ?? []) {
      const members = byPrincipal.get(name);
      if (!members) byPrincipal.set(name, [policy]);
      else if (members[members.length - 1] !== policy) members.push(policy);
    }
  }
  const overfull: TemplateProblem[] = [];
  for (const [name, members] of byPrincipal) {
    if (members.length <= MAX_POLICIES_PER_PRINCIPAL) continue;
    byPrincipal.delete(name);
    const first = members[0];
    const at = first.placedOn ?? first.spans?.[0] ?? first.variants[0] ?? { offset: 0, length: 0 };
    overfull.push({
      offset: at.offset,
      length: at.length,
      message:
        `${name} has ${withThousands(members.length)} policies in this template (with its groups', for a user): more than ` +
        'IAM lets one principal have (20 managed policies on a user, group or role, 10 groups per user, 2,048 to 10,240 ' +
        'characters of inline policies), so IAM rejects it',
      consequence: "Its policies are checked one by one, not together as one principal's: merge them into a few policies.",
    });
  }
  // Each policy is read once, as one ScopePolicy every scope it is in shares: made again for each
  // policy of its principal, a role with thousands of policies made millions of them.
  const scoped = new Map<HostPolicy, ScopePolicy>();
  const scopePolicyOf = (policy: HostPolicy) => {
    let entry = scoped.get(policy);
    if (!entry) scoped.set(policy, (entry = { source: policy.locator, document: readPolicy(text, policy.variants[0], [], true) }));
    return entry;
  };
  const othersOf = (name: string, except: HostPolicy | string): ScopePolicy[] => {
    const others: ScopePolicy[] = [];
    for (const other of byPrincipal.get(name) ?? []) if (other !== except && other.variants[0]) others.push(scopePolicyOf(other));
    for (const managed of awsManaged?.get(name) ?? []) {
      const scoped = awsManagedScopePolicy(catalog, managed);
      if (scoped && scoped.path !== except) others.push(scoped.policy);
    }
    return others;
  };
  const scopes = new Map<HostPolicy, PrincipalScope[]>();
  for (const policy of policies) {
    const list = (policy.attachedTo ?? []).map((name) => ({ name, others: othersOf(name, policy) }));
    if (anyOtherPolicies(list)) scopes.set(policy, list);
  }
  const scopeOfAwsManaged = (name: string, path: string) => ({ name, others: othersOf(name, path) });
  return { scopes, overfull, scopeOfAwsManaged };
}

/** The AWS managed policies read so far, each once for the life of the process, by catalog. */
const awsManagedRead = new WeakMap<Catalog, Map<string, { path: string; policy: ScopePolicy } | null>>();

/**
 * An AWS managed policy (by path or SAM's bare name) as a policy of a principal's scope, with the
 * path AWS knows it by; undefined when AWS manages none of that name.
 */
function awsManagedScopePolicy(catalog: Catalog, name: string): { path: string; policy: ScopePolicy } | undefined {
  let read = awsManagedRead.get(catalog);
  if (!read) awsManagedRead.set(catalog, (read = new Map()));
  let scoped = read.get(name);
  if (scoped === undefined) {
    const managed = awsManagedPolicy(catalog, name);
    const document = managed && parsePolicy(managed.text);
    if (managed && document) document.awsManaged = managed.path;
    scoped = managed && document ? { path: managed.path, policy: { source: `AWS managed policy ${managed.path}`, document } } : null;
    read.set(name, scoped);
  }
  return scoped ?? undefined;
}

function analyzeHostPolicy(
  host: HostPolicy,
  text: string,
  lines: LineIndex,
  options: AnalyzeOptions,
  problems: HostParse['errors'],
): PolicyAnalysis {
  const results = host.variants.map((root) => analyzeEmbedded(allRules, { text, lines, root, kind: host.kind, problems }, options));
  const seen = new Set<string>();
  const findings: Finding[] = [];
  const origins = new Map<Finding, AnalysisResult>();
  const suppressed: SuppressedFinding[] = [];
  const ruleErrors: AnalysisResult['ruleErrors'] = [];
  for (const result of results) {
    for (const finding of result.findings) {
      // The same place judged in two variants is one finding: the first variant's (every condition true).
      const key = `${finding.rule}\u0000${finding.offset}\u0000${finding.length}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const placed = host.placedOn
        ? { offset: host.placedOn.offset, length: host.placedOn.length, range: lines.rangeOf(host.placedOn.offset, host.placedOn.length) }
        : {};
      const own = { ...withConstruct(finding, host), ...placed, policy: host.locator };
      findings.push(own);
      origins.set(own, result);
    }
    suppressed.push(...result.suppressed);
    ruleErrors.push(...result.ruleErrors);
  }
  findings.sort(byPosition);
  return { host, locator: host.locator, kind: results[0]?.kind ?? 'none', results, findings, origins, suppressed, ruleErrors };
}

function withoutPolicy(suppression: Suppression): Suppression {
  const { policy: _named, ...rest } = suppression;
  return rest;
}

/**
 * The options each policy of a template is analysed under, by its locator: a suppression that
 * names a template policy (`policy`) applies to that policy alone, handed on without the name (the
 * engine applies none that names one). The very options given, when no suppression names one.
 */
export function optionsOfPolicies(options: AnalyzeOptions): (locator: string) => AnalyzeOptions {
  const suppressions = options.suppressions ?? [];
  if (!suppressions.some((s) => s.policy !== undefined)) return () => options;
  const byLocator = new Map<string, AnalyzeOptions>();
  return (locator) => {
    let own = byLocator.get(locator);
    if (!own) {
      const applying = suppressions.filter((s) => s.policy === undefined || s.policy === locator);
      own = { ...options, suppressions: applying.map((s) => (s.policy === undefined ? s : withoutPolicy(s))) };
      byLocator.set(locator, own);
    }
    return own;
  };
}

/**
 * Every policy of one file analysed with every rule: a policy file as one policy, a template
 * (CloudFormation, SAM, CDK output, Terraform) as each policy its adapter finds, with the
 * findings' positions in the file. What the CLI and the language server call.
 */
export function analyzeFile(text: string, fileName: string, options: AnalyzeOptions = {}, context: AnalyzeFileContext = {}): FileAnalysis {
  const analyzeStandalone = context.analyzeStandalone;
  const standalone = analyzeStandalone ? inOneStep(analyzeStandalone) : analyzePolicyInOneStep;
  return runToEnd(analyzeFileInSteps(text, fileName, options, { standalone, incremental: context.incremental }));
}

/**
 * `analyze` as a generator of one step: the caller's analysis does not pause. Made once, not per
 * file: each generator function has a shape of its own for its generators, so one made per file
 * showed analyzeFileInSteps' `yield*` a new shape each time, and every file of a run took V8's
 * slowest way to the generator's methods.
 */
function inOneStep(analyze: (text: string, options: AnalyzeOptions) => AnalysisResult) {
  // eslint-disable-next-line require-yield -- one step: the caller's analysis does not pause.
  return function* (text: string, options: AnalyzeOptions): Steps<AnalysisResult> {
    return analyze(text, options);
  };
}

const analyzePolicyInOneStep = inOneStep(analyzePolicy);

/** What analyzeFileInSteps reads through; the language server passes its caches. */
export interface FileAnalysisSources {
  /** A standalone policy's analysis, in steps; default analyzePolicyInSteps. */
  standalone?: (text: string, options: AnalyzeOptions) => Steps<AnalysisResult>;
  /** The file's templates and policies, in steps (a large .tf's first read pauses); default readHostFile, in one. */
  read?: (text: string, fileName: string) => Steps<HostFileRead>;
  /** As AnalyzeFileContext.incremental. */
  incremental?: AnalyzeFileContext['incremental'];
}

/**
 * analyzeFile one step at a time: it yields after reading the file and after each policy of a
 * template (a policy file yields as analyzePolicyInSteps does), so the language server can answer
 * hovers and completions between steps of a long analysis and drop a run that a newer version
 * made stale.
 */
export function* analyzeFileInSteps(
  text: string,
  fileName: string,
  options: AnalyzeOptions = {},
  sources: FileAnalysisSources = {},
): Steps<FileAnalysis> {
  const read = sources.read ? yield* sources.read(text, fileName) : readHostFile(text, fileName);
  if (read.kind === 'policy-file' && mayHoldTemplate(fileName)) {
    // YAML or HCL that is no template of ours (a workflow, a manifest, non-IAM Terraform): nothing to say.
    return { format: 'policy', text, lines: new LineIndex(text), policies: [], templateFindings: [], findings: [], referencedFiles: [] };
  }
  if (read.kind === 'policy-file') {
    const result = yield* (sources.standalone ?? analyzePolicyInSteps)(text, options);
    const policy: PolicyAnalysis = {
      locator: null,
      kind: result.kind,
      results: [result],
      findings: result.findings,
      origins: new Map(result.findings.map((f) => [f, result])),
      suppressed: result.suppressed,
      ruleErrors: result.ruleErrors,
    };
    return {
      format: 'policy',
      text,
      lines: result.lines,
      policies: [policy],
      templateFindings: [],
      findings: result.findings,
      referencedFiles: [],
    };
  }
  const lines = new LineIndex(text);
  if (read.kind === 'reader-not-loaded') {
    return {
      format: read.format,
      text,
      lines,
      policies: [],
      templateFindings: [],
      findings: [],
      referencedFiles: [],
      notLoaded: read.format,
    };
  }
  const { parse } = read;
  yield;
  const catalog = options.catalog ?? sharedCatalog();
  const optionsFor = optionsOfPolicies(options);
  const { scopes, overfull, scopeOfAwsManaged } = templateScopes(text, parse.policies, parse.awsManagedPolicies, catalog);
  const incremental = sources.incremental;
  const earlier = incremental?.previous?.format === parse.format ? incremental.previous.reusable : undefined;
  const reusable = incremental ? new Map<string, PolicyAnalysis>() : undefined;
  const policies: PolicyAnalysis[] = [];
  for (const host of parse.policies) {
    const principals = scopes.get(host);
    const own = optionsFor(host.locator);
    const analyse = () => analyzeHostPolicy(host, text, lines, principals ? { ...own, principals } : own, parse.errors);
    const signature = reusable && policySignature(host, text, principals, parse.errors);
    if (signature === undefined) policies.push(analyse());
    else {
      const before = earlier?.get(signature);
      const policy = before ? movedPolicyAnalysis(before, host, policyStart(host) - policyStart(before.host!), lines, analyse) : analyse();
      reusable!.set(signature, policy);
      policies.push(policy);
    }
    yield;
  }
  const awsManaged = parse.awsManagedAttachments
    ? judgeAwsManagedAttachments(
        parse.awsManagedAttachments,
        { text, lines, catalog },
        scopeOfAwsManaged,
        optionsFor,
        incremental?.previous?.awsManaged,
      )
    : [];
  const unread = analyzeTemplate(allRules, parse.errors, text, lines, options);
  const templateFindings = unread.concat(
    overfull.length > 0 ? analyzeTemplate(allRules, overfull, text, lines, options) : [],
    // The AWS managed policies it names: one that AWS does not publish fails the deployment.
    parse.awsManagedAttachments ? analyzeTemplate(allRules, [], text, lines, options, parse.awsManagedAttachments) : [],
  );
  const findings = templateFindings.concat(...policies.map((p) => p.findings), ...awsManaged.map((a) => a.findings)).sort(byPosition);
  return {
    format: parse.format,
    text,
    lines,
    policies,
    awsManaged,
    templateFindings,
    ...(unread.length > 0 ? { unread: unread[0].message } : {}),
    findings,
    referencedFiles: parse.referencedFiles,
    ...(parse.awsManagedAttachments ? { awsManagedAttachments: parse.awsManagedAttachments } : {}),
    reusable,
  };
}
