import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import { ruleDocsUrl } from '../engine/docs';
import { Finding, Severity } from '../engine/rule';

export const DIAGNOSTIC_SOURCE = 'IAM Least Privilege';

/** A finding's or a configuration problem's severity as the editor shows it. */
export const DIAGNOSTIC_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const hrefs = new Map<string, string>();

/**
 * The rule pages ship with the extension (dist/../docs/rules), so links work offline; else the web
 * page. Looked up once per rule: diagnostics are published on every edit, a link per finding.
 */
function docsHref(rule: string): string {
  let href = hrefs.get(rule);
  if (href === undefined) {
    const local = join(__dirname, '..', 'docs', 'rules', `${rule}.md`);
    href = existsSync(local) ? pathToFileURL(local).toString() : ruleDocsUrl(rule);
    hrefs.set(rule, href);
  }
  return href;
}

/** What a diagnostic carries for code actions: the finding's rule data and actions. */
export interface DiagnosticData {
  actions?: string[];
  data?: Record<string, unknown>;
}

export function toDiagnostic(finding: Finding): Diagnostic {
  const data: DiagnosticData = {};
  if (finding.actions) data.actions = finding.actions;
  if (finding.data) data.data = finding.data;
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: DIAGNOSTIC_SEVERITY[finding.severity],
    code: finding.rule,
    codeDescription: { href: docsHref(finding.rule) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data,
  };
  if (finding.rule === 'legacy-version') diagnostic.tags = [DiagnosticTag.Deprecated];
  return diagnostic;
}
