import { Finding } from '../../engine/rule';
import { FileReport } from './report';

/** What a run's JSON is written in: pieces of about this many characters. */
const CHUNK_CHARACTERS = 64 * 1024;
/** How JSON.stringify({ results: [one] }, null, 2) wraps its one result. */
const OPENING = '{\n  "results": [\n';
const CLOSING = '\n  ]\n}';

/**
 * The `--format json` contract: exactly these fields, `actions` only where a rule has them, and
 * `policy` (the slot's locator) only on the results of a template, one per embedded policy.
 *
 * Written in pieces, each the text of whole results, that together are `JSON.stringify({ results },
 * null, 2)` and a newline: the run over the 1,571 AWS managed policies writes 3.8 MB, which as one
 * string, and again as its bytes, was 7.6 MB of memory touched once (1,400 page faults of that
 * run's 20,000), and a copy of the whole string when a policy quoted in a message made it one of
 * two bytes a character.
 */
export function writeJson(reports: readonly FileReport[], write: (text: string) => void): void {
  if (reports.length === 0) {
    write(JSON.stringify({ results: [] }, null, 2) + '\n');
    return;
  }
  let piece = OPENING;
  reports.forEach((report, index) => {
    // Stringified inside the wrapper, for the indentation a result has in the whole document.
    const wrapped = JSON.stringify({ results: [jsonResult(report)] }, null, 2);
    piece += wrapped.slice(OPENING.length, wrapped.length - CLOSING.length);
    piece += index < reports.length - 1 ? ',\n' : CLOSING + '\n';
    if (piece.length >= CHUNK_CHARACTERS || index === reports.length - 1) {
      write(piece);
      piece = '';
    }
  });
}

function jsonResult(r: FileReport): JsonResult {
  const findings = r.findings.map((f) => {
    const finding: JsonFinding = { rule: f.rule, severity: f.severity, message: f.message, range: f.range };
    if (f.actions) finding.actions = f.actions;
    return finding;
  });
  // Literals in the contract's field order rather than spreads: a spread copies through the
  // runtime, for every file and finding of a large run.
  return r.policy !== undefined ? { file: r.file, policy: r.policy, kind: r.kind, findings } : { file: r.file, kind: r.kind, findings };
}

type JsonFinding = Pick<Finding, 'rule' | 'severity' | 'message' | 'range' | 'actions'>;
type JsonResult = Pick<FileReport, 'file' | 'policy' | 'kind'> & { findings: JsonFinding[] };
