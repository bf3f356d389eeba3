import type { Node } from 'jsonc-parser';
import { Catalog } from '../catalog/catalog';
import { Range } from './lineIndex';
import { DocumentKind, PolicyDocument } from './model';

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
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  range: Range;
  offset: number;
  length: number;
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
  report(finding: ReportOptions): void;
}

export interface Rule {
  meta: RuleMeta;
  /**
   * Looks at the raw text before anything is parsed; a report here ends the analysis (the rule
   * has decided the document cannot be analysed, e.g. it is far too large).
   */
  precheck?(text: string): Omit<ReportOptions, 'node'> | undefined;
  check(context: RuleContext): void;
}
