import * as assert from 'node:assert/strict';
import { Finding } from '../../../server/src/engine/rule';
import { FileReport } from '../../../server/src/cli/format/report';
import { jsonWriter } from '../../../server/src/cli/format/json';

function finding(rule: string, message: string, actions?: string[]): Finding {
  return {
    rule,
    severity: 'error',
    message,
    range: { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } },
    offset: 12,
    length: 7,
    ...(actions ? { actions } : {}),
    data: { statement: 0 },
  };
}

/** The contract, written the plain way: what the writer's pieces must add up to, byte for byte. */
function contract(reports: FileReport[]): string {
  const results = reports.map((r) => ({
    file: r.file,
    ...(r.policy !== undefined ? { policy: r.policy } : {}),
    kind: r.kind,
    findings: r.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      range: f.range,
      ...(f.actions ? { actions: f.actions } : {}),
    })),
  }));
  return JSON.stringify({ results }, null, 2) + '\n';
}

/** The pieces a run of these reports writes, in order. */
function writeJson(reports: readonly FileReport[], write: (text: string) => void): void {
  const writer = jsonWriter(write);
  for (const report of reports) writer.add(report);
  writer.end();
}

/** What a run of these reports writes, all of it. */
function written(reports: FileReport[]): string {
  const pieces: string[] = [];
  writeJson(reports, (text) => pieces.push(text));
  return pieces.join('');
}

describe('iamlp check --format json, written in pieces', () => {
  it('adds up to the whole document: nested values, quotes and line breaks in messages, templates and plain files', () => {
    const reports: FileReport[] = [
      { file: 'admin.json', kind: 'identity', findings: [finding('allow-iam-write', 'Grants "iam:*"\nand more', ['iam:CreateUser'])] },
      { file: 'empty.json', kind: 'none', findings: [] },
      { file: 'stack.yaml', policy: null, kind: 'none', findings: [finding('invalid-template', 'é, →')], template: true },
      { file: 'stack.yaml', policy: 'Resources.Role.Policies[0]', kind: 'identity', findings: [], template: true },
    ];
    assert.equal(written(reports), contract(reports));
    assert.equal(written([]), contract([]));
  });

  it('a large run is written in pieces of whole results, not as one string', () => {
    const reports: FileReport[] = Array.from({ length: 2000 }, (_, i) => ({
      file: `policies/p${i}.json`,
      kind: 'identity' as const,
      findings: [finding('missing-iam-write-deny', `Policy ${i} lacks its Deny.`)],
    }));
    const pieces: string[] = [];
    writeJson(reports, (text) => pieces.push(text));
    assert.ok(pieces.length > 5, `${pieces.length} pieces`);
    assert.ok(
      pieces.every((p) => p.length < 128 * 1024),
      'each piece about 64k characters',
    );
    assert.equal(pieces.join(''), contract(reports));
    // Each piece is the document's opening, a separator, its closing, or whole results: none splits one.
    for (const piece of pieces.slice(1, -1)) {
      if (piece === ',\n') continue;
      assert.match(piece, /^ {4}\{\n/);
      assert.match(piece, /\n {4}\}$/);
    }
    assert.equal(pieces[0], '{\n  "results": [\n');
    assert.equal(pieces.at(-1), '\n  ]\n}\n');
  });

  it('writes results as they are added, not all at the end of the run', () => {
    const pieces: string[] = [];
    const writer = jsonWriter((text) => pieces.push(text));
    const reports: FileReport[] = [];
    for (let i = 0; i < 2000; i++) {
      const report: FileReport = { file: `p${i}.json`, kind: 'identity', findings: [finding('allow-iam-write', `Grants iam:* (${i}).`)] };
      reports.push(report);
      writer.add(report);
    }
    const beforeEnd = pieces.join('');
    assert.ok(beforeEnd.includes('"p1000.json"'), 'the first thousand results are out before the run ends');
    writer.end();
    assert.equal(pieces.join(''), contract(reports));
    assert.ok(pieces.join('').startsWith(beforeEnd));
  });

  it('a run without results is an empty list, written at its end', () => {
    const pieces: string[] = [];
    const writer = jsonWriter((text) => pieces.push(text));
    assert.deepEqual(pieces, []);
    writer.end();
    assert.equal(pieces.join(''), contract([]));
  });
});
