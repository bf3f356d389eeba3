/**
 * A large .tf's first read in steps (iac/terraform/slicedParse.ts, terraform.ts
 * parseTerraformInSteps): a parse resumed after each cancel gives the tree of a parse at once; the
 * lease keeps a paused read from leaking into any other parse (another file's, the shared parser's);
 * a dropped read frees what it holds; and the block under a cursor is read alone.
 */
import * as assert from 'node:assert/strict';
import { forgetHclTree, loadTerraformParser, setHclParseDeadline, withHclTree } from '../../../server/src/iac/terraform/hclParser';
import { HclLease, parseHclInSteps, slicedReadHeld } from '../../../server/src/iac/terraform/slicedParse';
import {
  forgetTerraformFile,
  parseTerraform,
  parseTerraformBlockAt,
  parseTerraformInSteps,
} from '../../../server/src/iac/terraform/terraform';
import { topLevelBlockSpan } from '../../../server/src/iac/terraform/topLevelBlock';
import type { HostParse } from '../../../server/src/iac/hostPolicy';
import type { Steps } from '../../../server/src/util/steps';

/** `blocks` pairs of blocks in the shapes tree-sitter's external scanner (heredocs) and the reader meet. */
function terraform(blocks: number, marker = ''): string {
  const parts = [`# sliced${marker}\n`];
  for (let i = 0; i < blocks; i++) {
    parts.push(`resource "aws_iam_role" "r${i}" {
  name = "role-${i}${marker}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "p${i}" {
  role = aws_iam_role.r${i}.id
  policy = <<EOF
{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "iam:PassRole"], "Resource": "\${aws_s3_bucket.b.arn}/${i}/*"}]}
EOF
}

data "aws_iam_policy_document" "d${i}" {
  statement {
    actions   = ["dynamodb:GetItem"]
    resources = [var.table_arn]
  }
}
`);
  }
  return parts.join('');
}

/**
 * The parse as plain data, the trees without parent links, for deepEqual (which ignores the order
 * of fields: a policy carried from a version read before builds its nodes' fields in another order).
 */
function snapshot(parse: HostParse): unknown {
  const policies = parse.policies.map((p) => ({
    locator: p.locator,
    kind: p.kind,
    resource: p.resource,
    edits: p.edits,
    construct: p.construct,
    attachedTo: p.attachedTo,
    placedOn: p.placedOn,
    variants: p.variants,
  }));
  return JSON.parse(JSON.stringify({ ...parse, policies }, (key, value: unknown) => (key === 'parent' ? undefined : value)));
}

/** The lease's tree is the parse of `text` at once; the lease is released either way. */
function assertTreeOf(lease: HclLease, text: string): void {
  try {
    assert.equal(
      lease.root.toString(),
      withHclTree(text, (root) => root.toString()),
    );
  } finally {
    lease.release();
  }
}

/** Runs steps to the end, counting them. */
function drain<T>(steps: Steps<T>): { value: T; steps: number } {
  let count = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return { value: step.value, steps: count };
    count++;
  }
}

/** Advances steps `n` times; they must not finish. */
function advance<T>(steps: Steps<T>, n: number): void {
  for (let i = 0; i < n; i++) assert.equal(steps.next().done, false, `step ${i} finished early`);
}

describe('Terraform: a large file’s first read in steps', function () {
  this.timeout(60000);
  const large = terraform(600);

  before(async () => {
    await loadTerraformParser();
  });

  it('a parse cancelled and resumed slice after slice gives the tree of a parse at once', () => {
    assert.ok(large.length > 300_000);
    const atOnce = withHclTree(large, (root) => root.toString());
    // Slices far shorter than a parse: every call but the last is cancelled and resumed.
    const { value: lease, steps } = drain(parseHclInSteps(large, 0.2));
    assert.ok(lease);
    assert.ok(steps >= 10, `${steps} steps`);
    try {
      assert.equal(lease.root.toString(), atOnce);
      assert.ok(!lease.root.hasError);
    } finally {
      lease.release();
    }
    assert.equal(slicedReadHeld(), false);
  });

  it('reads the same policies as parseTerraform, pausing during the parse and between blocks', () => {
    const fileName = 'sliced-same.tf';
    const { value, steps } = drain(parseTerraformInSteps(large, fileName, 0.5));
    assert.ok(steps > 1200, `${steps} steps: the parse's slices and one a block`);
    assert.equal(value.policies.length, 1800);
    forgetTerraformFile(fileName);
    assert.deepEqual(snapshot(value), snapshot(parseTerraform(large, 'sliced-fresh.tf')));
    assert.equal(slicedReadHeld(), false, 'the tree went to the kept trees, the lease ended');
    forgetTerraformFile('sliced-fresh.tf');
  });

  it('a parse on the shared parser while a sliced parse is paused: both trees are right', () => {
    const other = terraform(50, 'other');
    const reference = withHclTree(other, (root) => root.toString());
    const paused = parseHclInSteps(large, 0.2);
    advance(paused, 3);
    // What a hover's own read or the CLI does meanwhile.
    assert.equal(
      withHclTree(other, (root) => root.toString()),
      reference,
    );
    const lease = drain(paused).value!;
    assertTreeOf(lease, large);
  });

  it('a sliced parse started while another is paused never resumes the other’s: its tree is its own text’s', () => {
    const a = terraform(300, 'tree-a');
    const b = terraform(200, 'tree-b');
    const parseA = parseHclInSteps(a, 0.2);
    advance(parseA, 3);
    const leaseB = drain(parseHclInSteps(b, 0.2)).value!;
    assertTreeOf(leaseB, b);
    // A's lease went to B: A gets no tree rather than one of both texts.
    assert.equal(drain(parseA).value, undefined);
    assert.equal(slicedReadHeld(), false);
  });

  it('two files’ sliced reads interleaved: the later takes the lease, the earlier reads at once; both right', () => {
    const a = terraform(300, 'a');
    const b = terraform(200, 'b');
    const readA = parseTerraformInSteps(a, 'interleaved-a.tf', 0.2);
    advance(readA, 3); // mid-parse
    const readB = parseTerraformInSteps(b, 'interleaved-b.tf', 0.2);
    advance(readB, 3);
    // A resumes: its lease is lost (its parse was reset), it must not resume B's parse.
    const parseA = drain(readA).value;
    const parseB = drain(readB).value;
    forgetTerraformFile('interleaved-a.tf');
    forgetTerraformFile('interleaved-b.tf');
    assert.deepEqual(snapshot(parseA), snapshot(parseTerraform(a, 'interleaved-a.tf')));
    assert.deepEqual(snapshot(parseB), snapshot(parseTerraform(b, 'interleaved-b.tf')));
    for (const name of ['interleaved-a.tf', 'interleaved-b.tf']) forgetTerraformFile(name);
  });

  it('a walk paused when another sliced read takes the lease reads its file again, untouched by the freed tree', () => {
    const a = terraform(300, 'walk-a');
    const b = terraform(300, 'walk-b');
    const readA = parseTerraformInSteps(a, 'walk-a.tf', 3000);
    // One slice parses it (up to the deadline); then the walk: a few blocks read.
    advance(readA, 10);
    const parseB = drain(parseTerraformInSteps(b, 'walk-b.tf', 0.2)).value;
    const parseA = drain(readA).value;
    for (const name of ['walk-a.tf', 'walk-b.tf']) forgetTerraformFile(name);
    assert.deepEqual(snapshot(parseA), snapshot(parseTerraform(a, 'walk-a.tf')));
    assert.deepEqual(snapshot(parseB), snapshot(parseTerraform(b, 'walk-b.tf')));
    for (const name of ['walk-a.tf', 'walk-b.tf']) forgetTerraformFile(name);
  });

  it('a read dropped mid-parse (return()) frees its lease; the next sliced parse starts clean', () => {
    const dropped = parseTerraformInSteps(terraform(300, 'dropped'), 'dropped.tf', 0.2);
    advance(dropped, 3);
    assert.equal(slicedReadHeld(), true);
    dropped.return(undefined as never);
    assert.equal(slicedReadHeld(), false);
    const next = terraform(250, 'next');
    const lease = drain(parseHclInSteps(next, 0.2)).value!;
    assertTreeOf(lease, next);
  });

  it('a read dropped mid-walk keeps its tree: the next version (typed during the read) reparses it in one step', () => {
    const fileName = 'dropped-walk.tf';
    const text = terraform(300, 'dropped-walk');
    const dropped = parseTerraformInSteps(text, fileName, 3000);
    advance(dropped, 10);
    dropped.return(undefined as never);
    assert.equal(slicedReadHeld(), false);
    const edited = text.replace('role-3dropped-walk"', 'role-3-edited"');
    const { value, steps } = drain(parseTerraformInSteps(edited, fileName, 5));
    assert.equal(steps, 0, 'an incremental reparse of the kept tree');
    forgetTerraformFile(fileName);
    assert.deepEqual(snapshot(value), snapshot(parseTerraform(edited, fileName)));
    forgetTerraformFile(fileName);
  });

  it('a read abandoned without return() holds its lease only until the next sliced read', () => {
    const abandoned = parseTerraformInSteps(terraform(300, 'abandoned'), 'abandoned.tf', 0.2);
    advance(abandoned, 3);
    const next = terraform(250, 'after-abandoned');
    const parse = drain(parseTerraformInSteps(next, 'after-abandoned.tf', 0.2)).value;
    forgetTerraformFile('after-abandoned.tf');
    assert.deepEqual(snapshot(parse), snapshot(parseTerraform(next, 'after-abandoned.tf')));
    assert.equal(slicedReadHeld(), false);
    forgetTerraformFile('after-abandoned.tf');
  });

  it('the deadline counts parse time: a cut parse throws, holds nothing, and the next parses clean', () => {
    setHclParseDeadline(1);
    try {
      assert.throws(() => drain(parseTerraformInSteps(large, 'deadline.tf', 0.2)), /gave up after/);
    } finally {
      setHclParseDeadline(undefined);
    }
    assert.equal(slicedReadHeld(), false);
    // Time paused is not parse time: a read paused for longer than the deadline between slices finishes.
    setHclParseDeadline(500);
    try {
      const steps = parseHclInSteps(terraform(100, 'patient'), 0.2);
      const pausedUntil = Date.now() + 700;
      advance(steps, 1);
      while (Date.now() < pausedUntil) {
        /* paused, as for a long hover */
      }
      drain(steps).value!.release();
    } finally {
      setHclParseDeadline(undefined);
    }
    const next = terraform(100, 'after-deadline');
    const lease = drain(parseHclInSteps(next, 0.2)).value!;
    assertTreeOf(lease, next);
    forgetHclTree('deadline.tf');
  });

  it('the kept tree of a file read in steps serves the next version’s incremental parse', () => {
    const fileName = 'sliced-kept.tf';
    drain(parseTerraformInSteps(large, fileName, 5));
    const edited = large.replace('role-7"', 'role-7-edited"');
    // One step: the kept tree is reparsed incrementally, not sliced.
    const { value, steps } = drain(parseTerraformInSteps(edited, fileName, 5));
    assert.equal(steps, 0);
    assert.deepEqual(snapshot(value), snapshot(parseTerraform(edited, 'sliced-kept-fresh.tf')));
    for (const name of [fileName, 'sliced-kept-fresh.tf']) forgetTerraformFile(name);
  });
});

describe('Terraform: the block under a cursor, read alone', () => {
  before(async function () {
    this.timeout(20000);
    await loadTerraformParser();
  });

  it('finds the top-level block around an offset from the text', () => {
    const text = terraform(3);
    const offset = text.indexOf('iam:PassRole', text.indexOf('"p1"'));
    const span = topLevelBlockSpan(text, offset)!;
    assert.ok(text.slice(span.start).startsWith('resource "aws_iam_role_policy" "p1" {'));
    assert.ok(text.slice(span.end).startsWith('data "aws_iam_policy_document" "d1" {'));
    assert.equal(topLevelBlockSpan('# only a comment\n', 5), undefined);
    assert.deepEqual(topLevelBlockSpan(text, 0), undefined, 'the comment before the first block');
    const first = topLevelBlockSpan(text, text.indexOf('resource'))!;
    assert.equal(first.start, text.indexOf('resource'));
  });

  it('reads the policies of that block, at their offsets in the file, as the whole read does', () => {
    const text = terraform(40);
    const offset = text.indexOf('iam:PassRole', text.indexOf('"p33"'));
    const block = parseTerraformBlockAt(text, 'block.tf', offset)!;
    const whole = parseTerraform(text, 'block-whole.tf');
    forgetTerraformFile('block-whole.tf');
    assert.deepEqual(
      block.policies.map((p) => p.locator),
      ['aws_iam_role_policy.p33.policy'],
    );
    const same = whole.policies.find((p) => p.locator === 'aws_iam_role_policy.p33.policy')!;
    const trees = (variants: unknown) => JSON.stringify(variants, (key, value: unknown) => (key === 'parent' ? undefined : value));
    assert.equal(trees(block.policies[0].variants), trees(same.variants));
    assert.equal(block.policies[0].kind, same.kind);
  });

  it('a block that holds no policy reads as none, without the whole file', () => {
    const text = `variable "table_arn" {\n  type = string\n}\n\n${terraform(2)}`;
    assert.deepEqual(parseTerraformBlockAt(text, 'variable.tf', text.indexOf('string'))?.policies, []);
  });

  it('gives up (undefined) when the span does not parse alone: the caller reads the whole file', () => {
    // A header line inside a heredoc cuts the block the text alone finds.
    const text = `resource "aws_iam_policy" "p" {
  policy = <<EOF
{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
resource "x" "y" {
 "Sid": "cut"}
EOF
}
`;
    assert.equal(parseTerraformBlockAt(text, 'cut.tf', text.indexOf('s3:GetObject')), undefined);
  });
});
