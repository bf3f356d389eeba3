// Keeps docs/rules/ honest: one page per rule (and none for a rule that does not exist), the
// severity, category and document kinds each page states are the rule's own, the README lists every
// rule, and every ```json example of a page does what the page says: each block under
// "## Incorrect" is reported by the rule, each block under "## Correct" is not.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { analyzeFile } from '../../server/src/linter/analyzeFile';
import { DocumentKind } from '../../server/src/engine/model';
import { Rule } from '../../server/src/engine/rule';
import { withEscalationPaths } from '../../server/src/engine/escalationDocs';
import { allRules } from '../../server/src/rules';

/** Rules whose wrong input cannot be shown as a small ```json block, and why. */
const NO_INCORRECT_EXAMPLE: Record<string, string> = {
  'file-too-large': 'the rule reports documents over 5 MB; the page shows how to make one instead',
};

const REQUIRED_SECTIONS = ['Why', 'What it reports', 'Incorrect', 'Correct', 'How to fix', 'Configuration'];
const KINDS: readonly DocumentKind[] = ['identity', 'trust', 'resource', 'none'];

/** docs/rules, found from the compiled test (out/test/unit) or the sources (test/unit). */
function docsDir(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'docs', 'rules');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no docs/rules above ${__dirname}`);
    dir = parent;
  }
}

interface Block {
  text: string;
  /** json, yaml (a CloudFormation template) or hcl (Terraform). */
  language: string;
  /** 1-based line of the opening fence, for messages. */
  line: number;
}

interface Page {
  id: string;
  text: string;
  lines: string[];
  /** The body of each "## " section by its heading. */
  sections: Map<string, { body: string; line: number }>;
}

function readPage(dir: string, id: string): Page {
  const text = readFileSync(join(dir, `${id}.md`), 'utf8').replace(/\r\n/g, '\n');
  const lines = text.split('\n');
  const sections = new Map<string, { body: string; line: number }>();
  let current: { heading: string; start: number } | undefined;
  let inFence = false;
  const close = (end: number) => {
    if (current) sections.set(current.heading, { body: lines.slice(current.start + 1, end).join('\n'), line: current.start + 1 });
  };
  lines.forEach((line, i) => {
    if (/^\s*```/.test(line)) inFence = !inFence;
    if (inFence) return;
    const heading = /^## (.+?)\s*$/.exec(line);
    if (heading) {
      close(i);
      current = { heading: heading[1], start: i };
    }
  });
  close(lines.length);
  return { id, text, lines, sections };
}

/** File names the examples of each fence language are analysed as. */
const EXAMPLE_FILES: Record<string, string> = { json: 'example.json', yaml: 'example.yaml', hcl: 'example.tf' };

/** The ```json, ```yaml and ```hcl fenced blocks of a section body (other languages are prose, not examples). */
function jsonBlocks(body: string, firstLine: number): Block[] {
  const blocks: Block[] = [];
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && /^\s*```\s*$/.test(l));
    assert.ok(end !== -1, `a code fence opened at line ${firstLine + i + 1} is never closed`);
    if (EXAMPLE_FILES[open[2]]) blocks.push({ text: lines.slice(i + 1, end).join('\n'), language: open[2], line: firstLine + i + 1 });
    i = end;
  }
  return blocks;
}

function findingsOf(rule: Rule, block: Block) {
  const analysis = analyzeFile(block.text, EXAMPLE_FILES[block.language], { language: 'jsonc' });
  assert.deepEqual(
    analysis.policies.flatMap((p) => p.ruleErrors),
    [],
    `rules failed on the example at line ${block.line}`,
  );
  assert.ok(!analysis.notLoaded, `the ${analysis.notLoaded} reader is not loaded for the example at line ${block.line}`);
  // A template is analysed as such when it holds a policy or a finding about itself.
  const analysed = analysis.policies.some((p) => p.kind !== 'none') || analysis.templateFindings.length > 0;
  const kinds = analysis.policies.map((p) => p.kind).join(', ') || 'none';
  const result = { kind: analysed ? kinds : 'none', findings: analysis.findings };
  return { result, own: analysis.findings.filter((f) => f.rule === rule.meta.id) };
}

const dir = docsDir();

describe('rule documentation (docs/rules)', () => {
  it('has a page for every rule, and none for a rule that does not exist', () => {
    const pages = readdirSync(dir)
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .map((f) => f.slice(0, -'.md'.length))
      .sort();
    const ids = allRules.map((r) => r.meta.id).sort();
    assert.deepEqual(
      ids.filter((id) => !pages.includes(id)),
      [],
      'rules without a page',
    );
    assert.deepEqual(
      pages.filter((p) => !ids.includes(p)),
      [],
      'pages of rules that do not exist',
    );
  });

  it('lists every rule in the README table with its severity and category, and nothing else', () => {
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    const rows = new Map<string, string[]>();
    for (const line of readme.split(/\r?\n/)) {
      const row = /^\|\s*\[`?([a-z0-9-]+)`?\]\(\.?\/?([a-z0-9-]+)\.md\)\s*\|(.*)\|\s*$/.exec(line);
      if (!row) continue;
      assert.equal(row[1], row[2], `README links ${row[1]} to ${row[2]}.md`);
      assert.ok(!rows.has(row[1]), `README lists ${row[1]} twice`);
      rows.set(
        row[1],
        row[3].split('|').map((c) => c.trim()),
      );
    }
    for (const rule of allRules) {
      const cells = rows.get(rule.meta.id);
      assert.ok(cells, `README does not list ${rule.meta.id}`);
      assert.ok(cells.includes(rule.meta.severity), `README gives ${rule.meta.id} a severity other than ${rule.meta.severity}`);
      assert.ok(cells.includes(rule.meta.category), `README gives ${rule.meta.id} a category other than ${rule.meta.category}`);
    }
    const extra = [...rows.keys()].filter((id) => !allRules.some((r) => r.meta.id === id));
    assert.deepEqual(extra, [], 'README lists rules that do not exist');
  });

  it('lists every privilege escalation path of the table (node scripts/build-escalation-docs.mjs)', () => {
    const page = readFileSync(join(dir, 'privilege-escalation.md'), 'utf8');
    assert.equal(
      withEscalationPaths(page),
      page,
      'docs/rules/privilege-escalation.md is stale: run node scripts/build-escalation-docs.mjs',
    );
  });

  for (const rule of allRules) {
    const { id } = rule.meta;
    describe(id, () => {
      const page = (): Page => {
        assert.ok(existsSync(join(dir, `${id}.md`)), `docs/rules/${id}.md does not exist`);
        return readPage(dir, id);
      };

      it('has the title, the rule’s severity, category and document kinds, and every section', () => {
        const p = page();
        assert.equal(p.lines[0], `# ${id}`);
        const meta = p.lines.find((l) => l.startsWith('**Severity:**'));
        assert.ok(meta, 'no "**Severity:** ... · **Category:** ... · **Applies to:** ..." line');
        assert.equal(/\*\*Severity:\*\*\s*`?(\w+)`?/.exec(meta)?.[1], rule.meta.severity, 'severity');
        assert.equal(/\*\*Category:\*\*\s*`?(\w+)`?/.exec(meta)?.[1], rule.meta.category, 'category');
        const applies = /\*\*Applies to:\*\*(.*)$/.exec(meta)?.[1] ?? '';
        const kinds = [...applies.matchAll(/`(\w+)`/g)].map((m) => m[1]).filter((k) => (KINDS as string[]).includes(k));
        assert.deepEqual([...new Set(kinds)].sort(), [...rule.meta.appliesTo].sort(), 'document kinds');
        for (const section of REQUIRED_SECTIONS) assert.ok(p.sections.has(section), `no "## ${section}" section`);
        const config = p.sections.get('Configuration')?.body ?? '';
        assert.ok(
          config.includes('iamLeastPrivilege.rules') && config.includes(`"${id}"`),
          'Configuration names neither the setting nor the rule',
        );
      });

      it('reports every example under "## Incorrect"', () => {
        const section = page().sections.get('Incorrect');
        assert.ok(section);
        const blocks = jsonBlocks(section.body, section.line);
        if (NO_INCORRECT_EXAMPLE[id]) return;
        assert.ok(blocks.length > 0, 'no ```json example under "## Incorrect"');
        for (const block of blocks) {
          const { result, own } = findingsOf(rule, block);
          assert.ok(
            own.length > 0,
            `the Incorrect example at line ${block.line} is not reported by ${id} (document kind ${result.kind}; ` +
              `findings: ${result.findings.map((f) => f.rule).join(', ') || 'none'})`,
          );
        }
      });

      it('reports none of the examples under "## Correct"', () => {
        const section = page().sections.get('Correct');
        assert.ok(section);
        const blocks = jsonBlocks(section.body, section.line);
        assert.ok(blocks.length > 0, 'no ```json example under "## Correct"');
        for (const block of blocks) {
          const { result, own } = findingsOf(rule, block);
          assert.ok(result.kind !== 'none', `the Correct example at line ${block.line} is not analysed as a policy at all`);
          assert.deepEqual(
            own.map((f) => f.message),
            [],
            `the Correct example at line ${block.line} is reported by ${id}`,
          );
        }
      });
    });
  }
});
