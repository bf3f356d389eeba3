import type { Node } from 'jsonc-parser';
import { Catalog } from '../catalog/catalog';
import { Range } from './lineIndex';
import { DocumentKind, PolicyDocument } from './model';
import { PrincipalScope } from './principalScope';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

export type RuleCategory = 'security' | 'grammar' | 'catalog';

export interface RuleMeta {
  /** The rule's id: a contract shared by the CLI, settings, suppressions, docs and tests. */
  id: string;
  severity: Severity;
  category: RuleCategory;
  /** One sentence, shown in SARIF and in docs. */
  description: string;
  /** The document kinds the rule looks at. */
  appliesTo: readonly DocumentKind[];
  /**
   * The rule reads the policy's own text (its size, its comments): it does not apply to a policy
   * embedded in a template, whose text is the template's.
   */
  standaloneOnly?: boolean;
  /** The rule looks at a template as a whole (its check gets `templateProblems`), not at a policy. */
  template?: boolean;
  /**
   * The rule says what a policy grants, which is as true of an AWS managed policy as of one the user
   * wrote: it also judges each AWS managed policy a template attaches, on the ARN or name that
   * attaches it (linter/awsManagedAttachments.ts). Rules about how a policy is written do not.
   */
  judgesAwsManaged?: boolean;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  range: Range;
  offset: number;
  length: number;
  /** The locator of the embedded policy the finding is in (engine/../iac/hostPolicy.ts), for a template. */
  policy?: string;
  /** Canonical IAM action names the finding is about, sorted (for rules that have them). */
  actions?: string[];
  /** Rule-specific facts for its quick fixes; not part of any output format. */
  data?: Record<string, unknown>;
}

export interface ReportOptions {
  /** Where the finding sits: a node, or an explicit span. */
  node?: Node;
  offset?: number;
  length?: number;
  message: string;
  /** A finding may be milder or stronger than the rule's default, e.g. a conditional grant. */
  severity?: Severity;
  actions?: string[];
  data?: Record<string, unknown>;
}

export interface RuleContext {
  readonly doc: PolicyDocument;
  readonly kind: DocumentKind;
  readonly catalog: Catalog;
  /** The ids of the rules this analysis runs: what a suppression comment may name. */
  readonly knownRuleIds: ReadonlySet<string>;
  /**
   * The principals the document is attached to, each with its other policies, when a front end
   * declared them; empty: the document is judged alone.
   */
  readonly principals: readonly PrincipalScope[];
  /**
   * The account the policies are deployed in, when the project declares one (`.iamlp.json`
   * "account"): what a literal account id in a principal is compared with. A template's own
   * references (`${AWS::AccountId}`) need none.
   */
  readonly account?: string;
  /** For rules about a template itself (`meta.template`): what its reader could not read. */
  readonly templateProblems?: readonly TemplateProblem[];
  /** For rules about a template itself: where it attaches AWS managed policies. */
  readonly awsManagedAttachments?: readonly AwsManagedPolicyReference[];
  report(finding: ReportOptions): void;
}

/** Where a template names an AWS managed policy it attaches (iac/principalAttachments.ts). */
export interface AwsManagedPolicyReference {
  /** The policy's path and name after `policy/`, or SAM's bare name. */
  path: string;
  /** Named by SAM's bare name (`Policies: [AWSLambdaExecute]`), not by ARN: any path will do. */
  byName?: boolean;
  /** The ARN or the name. */
  offset: number;
  length: number;
}

/** A part of an infrastructure-as-code template its parser could not read, told in one sentence naming the parser. */
export interface TemplateProblem {
  message: string;
  offset: number;
  length: number;
  /** What the problem leaves unchecked, said after it; without one, what a template that does not parse leaves. */
  consequence?: string;
}

/** One text replacement, in offsets of the document the finding was computed on. */
export interface FixEdit {
  offset: number;
  length: number;
  newText: string;
}

/**
 * A quick fix, free of any editor protocol: the LSP adapter and the tests both apply `edits` to
 * the text the finding came from. Edits of one fix never overlap.
 */
export interface Fix {
  title: string;
  edits: FixEdit[];
  kind: 'quickfix';
  /** The fix the editor offers first (and applies for "fix all of this kind"). */
  isPreferred?: boolean;
  /** Deterministic and meaning-preserving or strictly safer: eligible for source.fixAll. */
  safe?: boolean;
  /** newText is snippet syntax (`${1:placeholder}`; `$`, `}` and `\` escaped elsewhere). */
  snippet?: boolean;
}

/** What a rule's fixes may look at: the analysed document and the formatting it uses. */
export interface FixContext {
  readonly text: string;
  readonly doc: PolicyDocument;
  readonly kind: DocumentKind;
  readonly catalog: Catalog;
  /** The document's indentation unit and line ending, for edits that keep its style. */
  readonly format: TextFormat;
}

export interface TextFormat {
  /** One level of indentation: a tab or some spaces. */
  unit: string;
  eol: '\n' | '\r\n';
}

/** What the caller knows of the document beyond its text. */
export interface PrecheckFacts {
  /** The file's real size in bytes, when the caller read it from disk (and perhaps not all of it). */
  sizeBytes?: number;
}

export interface Rule {
  meta: RuleMeta;
  /**
   * Looks at the raw text before anything is parsed; a report here ends the analysis (the rule
   * has decided the document cannot be analysed, e.g. it is far too large).
   */
  precheck?(text: string, facts: PrecheckFacts): Omit<ReportOptions, 'node'> | undefined;
  check(context: RuleContext): void;
  /** The quick fixes for one of this rule's findings; none when the fix would be a guess. */
  fixes?(finding: Finding, context: FixContext): Fix[];
}
