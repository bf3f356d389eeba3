import { Finding } from '../../engine/rule';
import { FileReport } from './report';

/**
 * What a run's JSON is written in: pieces of about this many characters. The results waiting for
 * their piece are alive at every young-generation collection meanwhile: 64k characters' worth was
 * a megabyte more copied by those collections over the AWS managed policies than 16k.
 */
const CHUNK_CHARACTERS = 16 * 1024;
/** How JSON.stringify({ results: [one] }, null, 2) wraps its one result. */
const OPENING = '{\n  "results": [\n';
const CLOSING = '\n  ]\n}';

/** Reports given one at a time, in order, then the end of the run. */
export interface ReportWriter {
  add(report: FileReport): void;
  end(): void;
}

/** About how many characters of JSON a result takes, to flush after about CHUNK_CHARACTERS. */
function estimatedCharacters(result: JsonResult): number {
  let characters = 80 + result.file.length;
  for (const finding of result.findings) characters += 200 + finding.message.length + (finding.actions?.length ?? 0) * 48;
  return characters;
}

/**
 * The `--format json` contract: exactly these fields, `actions` only where a rule has them, and
 * `policy` (the slot's locator) only on the results of a template, one per embedded policy.
 *
 * Written as the run goes, in pieces that together are `JSON.stringify({ results }, null, 2)` and a
 * newline: the results of about CHUNK_CHARACTERS are stringified together, inside the wrapper for
 * the indentation a result has in the whole document, and written without it. Nothing of a report
 * is kept for the end of the run, and a piece is cut from one string JSON.stringify made: keeping
 * every report for one document at the end kept the findings of the 1,571 AWS managed policies
 * (3.8 MB of JSON) alive through the run, and joining each result's text to the next made a piece
 * that was copied again to be written.
 */
export function jsonWriter(write: (text: string) => void): ReportWriter {
  let batch: JsonResult[] = [];
  let batchCharacters = 0;
  let written = 0;
  const flush = () => {
    const wrapped = JSON.stringify({ results: batch }, null, 2);
    write(written === 0 ? OPENING : ',\n');
    write(wrapped.slice(OPENING.length, wrapped.length - CLOSING.length));
    written += batch.length;
    batch = [];
    batchCharacters = 0;
  };
  return {
    add(report) {
      const result = jsonResult(report);
      batch.push(result);
      batchCharacters += estimatedCharacters(result);
      if (batchCharacters >= CHUNK_CHARACTERS) flush();
    },
    end() {
      if (batch.length > 0) flush();
      write(written === 0 ? JSON.stringify({ results: [] }, null, 2) + '\n' : CLOSING + '\n');
    },
  };
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
