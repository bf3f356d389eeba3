import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeText, readPolicyFile } from '../../../server/src/util/policyFile';

const POLICY = '{"Version": "2012-10-17", "Statement": []}';

describe('policy file reader (fails closed)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'iamlp-reader-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('decodes UTF-8 with and without a BOM, and UTF-16 LE and BE with theirs', () => {
    assert.deepEqual(decodeText(Buffer.from(POLICY)), { text: POLICY });
    assert.deepEqual(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(POLICY)])), { text: POLICY });
    assert.deepEqual(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(POLICY, 'utf16le')])), { text: POLICY });
    const be = Buffer.from(POLICY, 'utf16le').swap16();
    assert.deepEqual(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be])), { text: POLICY });
    assert.deepEqual(decodeText(Buffer.from('{"Sid": "é✓"}')), { text: '{"Sid": "é✓"}' });
  });

  it('calls NUL bytes and invalid UTF-8 binary, at the first offending byte', () => {
    assert.deepEqual(decodeText(Buffer.from([0x7b, 0x00, 0x7d])), { binaryAt: 1 });
    assert.deepEqual(decodeText(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x7d])), { binaryAt: 2 });
    assert.deepEqual(decodeText(Buffer.from([0x7b, 0xff])), { binaryAt: 1 });
    // UTF-16 without its BOM is not guessed at: its NUL bytes make it binary.
    assert.deepEqual(decodeText(Buffer.from(POLICY, 'utf16le')), { binaryAt: 1 });
  });

  it('reads each file whole and alone, whatever it read before (large or small)', () => {
    const large = join(dir, 'large.json');
    const small = join(dir, 'small.json');
    const larger = join(dir, 'larger.json');
    const pad = (n: number) => `{"Version": "2012-10-17", "Statement": [], "Pad": "${'x'.repeat(n)}"}`;
    writeFileSync(large, pad(100 * 1024));
    writeFileSync(small, POLICY);
    writeFileSync(larger, pad(600 * 1024));
    for (const [file, text] of [
      [large, pad(100 * 1024)],
      [small, POLICY],
      [larger, pad(600 * 1024)],
      [small, POLICY],
      [large, pad(100 * 1024)],
    ]) {
      assert.deepEqual(readPolicyFile(file, 1 << 20), { status: 'text', text, bytes: Buffer.byteLength(text) });
    }
  });

  it('reads a file of each encoding and content as the strict decoding of its bytes says', () => {
    const cases: Array<[string, Buffer, ReturnType<typeof readPolicyFile>]> = [
      ['ascii.json', Buffer.from(POLICY), { status: 'text', text: POLICY, bytes: POLICY.length }],
      ['multibyte.json', Buffer.from('{"Sid": "é✓𝔸"}'), { status: 'text', text: '{"Sid": "é✓𝔸"}', bytes: 20 }],
      ['replacement-char.json', Buffer.from('{"Sid": "\ufffd"}'), { status: 'text', text: '{"Sid": "\ufffd"}', bytes: 14 }],
      [
        'bom.json',
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(POLICY)]),
        { status: 'text', text: POLICY, bytes: POLICY.length + 3 },
      ],
      [
        'utf16.json',
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(POLICY, 'utf16le')]),
        { status: 'text', text: POLICY, bytes: 2 + 2 * POLICY.length },
      ],
      ['nul.json', Buffer.from([0x7b, 0x00, 0x7d]), { status: 'binary', bytes: 3, offset: 1 }],
      ['invalid.json', Buffer.from([0x7b, 0x22, 0xe2, 0x9c, 0x7d]), { status: 'binary', bytes: 5, offset: 2 }],
      ['empty.json', Buffer.alloc(0), { status: 'text', text: '', bytes: 0 }],
    ];
    for (const [name, bytes, expected] of cases) {
      writeFileSync(join(dir, name), bytes);
      assert.deepEqual(readPolicyFile(join(dir, name), 4096), expected, name);
      assert.deepEqual(readPolicyFile(join(dir, name), 4096, { seenAsRegularFile: true }), expected, name);
    }
  });

  it('holds a file of multi-byte characters to the limit in bytes, not in characters', () => {
    const text = '"' + 'é'.repeat(2000) + '"';
    writeFileSync(join(dir, 'accents.json'), text);
    assert.deepEqual(readPolicyFile(join(dir, 'accents.json'), 4002), { status: 'text', text, bytes: 4002 });
    assert.deepEqual(readPolicyFile(join(dir, 'accents.json'), 4001, { seenAsRegularFile: true }), { status: 'too-large', bytes: 4002 });
  });

  it('never opens what is not a regular file, and names what it is', () => {
    assert.deepEqual(readPolicyFile('/dev/zero', 1024), { status: 'not-a-file', what: 'a character device' });
    assert.deepEqual(readPolicyFile(dir, 1024), { status: 'not-a-file', what: 'a folder' });
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    // With no writer, opening this FIFO would block for ever; the reader returns at once.
    assert.deepEqual(readPolicyFile(fifo, 1024), { status: 'not-a-file', what: 'a FIFO (named pipe)' });
  });

  it('a path its caller saw as a regular file is not statted again, and is still refused if it is not one now', () => {
    const fifo = join(dir, 'replaced.json');
    execFileSync('mkfifo', [fifo]);
    // The open cannot block and the fstat after it refuses the FIFO.
    assert.deepEqual(readPolicyFile(fifo, 1024, { seenAsRegularFile: true }), { status: 'not-a-file', what: 'a FIFO (named pipe)' });
    const big = join(dir, 'big.json');
    writeFileSync(big, 'x'.repeat(5000));
    assert.deepEqual(readPolicyFile(big, 4096, { seenAsRegularFile: true }), { status: 'too-large', bytes: 5000 });
    const exact = join(dir, 'exact.json');
    writeFileSync(exact, 'x'.repeat(4096));
    assert.deepEqual(readPolicyFile(exact, 4096, { seenAsRegularFile: true }), { status: 'text', text: 'x'.repeat(4096), bytes: 4096 });
    writeFileSync(join(dir, 'bad.json'), Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x7d]));
    assert.deepEqual(readPolicyFile(join(dir, 'bad.json'), 4096, { seenAsRegularFile: true }), { status: 'binary', bytes: 5, offset: 2 });
  });

  it('a path seen as a regular file that is now a device or a folder is refused after a bounded read', () => {
    // /dev/zero never ends: the read stops one byte past the limit and the fstat names it.
    assert.deepEqual(readPolicyFile('/dev/zero', 1024, { seenAsRegularFile: true }), { status: 'not-a-file', what: 'a character device' });
    assert.deepEqual(readPolicyFile('/dev/null', 1024, { seenAsRegularFile: true }), { status: 'not-a-file', what: 'a character device' });
    assert.deepEqual(readPolicyFile(dir, 1024, { seenAsRegularFile: true }), { status: 'not-a-file', what: 'a folder' });
  });

  it('reads files around the sizes its buffers grow at, whole, and holds each to the limit', () => {
    for (const size of [64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 256 * 1024, 256 * 1024 + 1, 700 * 1024]) {
      const file = join(dir, `${size}.json`);
      const text = `"${'a'.repeat(size - 2)}"`;
      writeFileSync(file, text);
      for (const seenAsRegularFile of [false, true]) {
        const options = { seenAsRegularFile };
        assert.deepEqual(readPolicyFile(file, 1 << 20, options), { status: 'text', text, bytes: size }, `${size} under the limit`);
        assert.deepEqual(readPolicyFile(file, size, options), { status: 'text', text, bytes: size }, `${size} at the limit`);
        assert.deepEqual(readPolicyFile(file, size - 1, options), { status: 'too-large', bytes: size }, `${size} over the limit`);
      }
    }
  });

  it('reads nothing of a file over the limit and reports its real size; follows a symlink to a file', () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, 'x'.repeat(5000));
    assert.deepEqual(readPolicyFile(big, 4096), { status: 'too-large', bytes: 5000 });
    const small = join(dir, 'small.json');
    writeFileSync(small, POLICY);
    symlinkSync(small, join(dir, 'link.json'));
    assert.deepEqual(readPolicyFile(join(dir, 'link.json'), 4096), { status: 'text', text: POLICY, bytes: POLICY.length });
    assert.deepEqual(readPolicyFile(join(dir, 'missing.json'), 4096), { status: 'error', code: 'ENOENT' });
  });
});
