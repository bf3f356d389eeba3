import * as assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { standardOutput } from '../../../server/src/cli/standardOutput';

const errno = (code: string) => Object.assign(new Error(code), { code });

describe('iamlp standard output', () => {
  it('writes every byte to the descriptor, UTF-8 included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamlp-stdout-'));
    try {
      const file = join(dir, 'out.txt');
      const fd = openSync(file, 'w');
      const out = standardOutput((b, o, l) => writeSync(fd, b, o, l));
      out('policies: ');
      out('é'.repeat(100000));
      closeSync(fd);
      assert.equal(readFileSync(file, 'utf8'), `policies: ${'é'.repeat(100000)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('texts of any size, one after another, arrive whole and in order', () => {
    const written: string[] = [];
    const out = standardOutput((b, o, l) => {
      written.push(b.subarray(o, o + l).toString('utf8'));
      return l;
    });
    const texts = ['a long piece: ' + 'x'.repeat(150000), 'short', 'é→'.repeat(120000), 'x'.repeat(200000), 'end\n'];
    for (const text of texts) out(text);
    assert.deepEqual(written, texts);
  });

  it('a full pipe (EAGAIN) hands the rest, and all that follows, to the stream, in order', () => {
    const direct: string[] = [];
    const streamed: string[] = [];
    let calls = 0;
    const out = standardOutput(
      (b, o, l) => {
        if (++calls > 1) throw errno('EAGAIN');
        const n = Math.min(l, 4);
        direct.push(b.subarray(o, o + n).toString());
        return n;
      },
      () => ({ write: (chunk: string | Buffer) => streamed.push(chunk.toString()) }) as unknown as NodeJS.WritableStream,
    );
    out('first line\n');
    out('second line\n');
    assert.equal(direct.join('') + streamed.join(''), 'first line\nsecond line\n');
    assert.deepEqual(direct, ['firs']);
  });

  it('is settled while every write reached the descriptor, and not while the stream holds any of it', () => {
    let full = false;
    const stream = { writableLength: 0, write: (chunk: string | Buffer) => void (stream.writableLength += chunk.length) };
    const out = standardOutput(
      (_b, _o, l) => {
        if (full) throw errno('EAGAIN');
        return l;
      },
      () => stream as unknown as NodeJS.WritableStream,
    );
    out('written at once\n');
    assert.equal(out.settled(), true);
    full = true;
    out('waits in the stream\n');
    assert.equal(out.settled(), false);
    stream.writableLength = 0; // the stream drained
    assert.equal(out.settled(), true);
    const gone = standardOutput(() => {
      throw errno('EPIPE');
    });
    gone('nobody reads this');
    assert.equal(gone.settled(), true, 'a reader that went away waits for nothing');
  });

  it('a reader that went away (EPIPE) gets nothing more and nothing throws; other errors do', () => {
    let writes = 0;
    const out = standardOutput(() => {
      writes++;
      throw errno('EPIPE');
    });
    out('a');
    out('b');
    assert.equal(writes, 1);
    const failing = standardOutput(() => {
      throw errno('EBADF');
    });
    assert.throws(() => failing('x'), /EBADF/);
  });
});
