import { commands } from './commands';
import { CliIO, EXIT_OK, EXIT_USAGE, isCliError } from './types';
import { standardOutput } from './standardOutput';
import { catalogVersionLine } from './version';

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = [
    'iamlp: IAM Least Privilege from the terminal',
    '',
    'Usage: iamlp <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'iamlp <command> --help shows the options of one command; iamlp --version the catalog version.',
  ];
  return lines.join('\n') + '\n';
}

/** Runs one CLI invocation; returns the exit code. Expected failures print one line, never a stack trace. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(catalogVersionLine() + '\n');
    return EXIT_OK;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`iamlp: unknown command "${name}"\n\n${help()}`);
    return EXIT_USAGE;
  }
  try {
    const loaded = await command.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(`Usage: ${loaded.usage}\n`);
      return EXIT_OK;
    }
    return await loaded.run(rest, io);
  } catch (err) {
    if (isCliError(err)) {
      io.stderr(`iamlp ${name}: ${err.message}\n`);
      return err.exitCode;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`iamlp ${name}: unexpected error: ${message}\n`);
    if (io.env.IAMLP_DEBUG) io.stderr(`${err instanceof Error ? err.stack : ''}\n`);
    return EXIT_USAGE;
  }
}

async function promptOnTerminal(question: string): Promise<string> {
  // Loaded here: readline brings the stream machinery, which a check never needs.
  const { createInterface } = await import('node:readline');
  const terminal = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  return new Promise((resolve) => {
    terminal.question(question, (answer) => {
      terminal.close();
      resolve(answer.trim());
    });
  });
}

/**
 * One line from the terminal without echo: raw mode, so the characters never reach the screen.
 * Backspace edits, Enter ends, Ctrl-C and Ctrl-D cancel (an empty answer).
 */
async function promptSecretOnTerminal(question: string): Promise<string> {
  process.stderr.write(question);
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve) => {
    let answer = '';
    const finish = (value: string) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      resolve(value.trim());
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish(answer);
        if (ch === '\u0003' || ch === '\u0004') return finish('');
        if (ch === '\u007f' || ch === '\b') answer = answer.slice(0, -1);
        else if (ch >= ' ') answer += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** What the process that runs iamlp does for it (bin/iamlp.js). */
export interface ProcessHooks {
  /** See CliIO.onLongRun. */
  onLongRun?(): void;
}

/** Entry point of bin/iamlp.js and of `node dist/cli.js`. */
export function runFromProcess(hooks: ProcessHooks = {}): void {
  const stdout = standardOutput();
  let longRun = false;
  let wroteToStderr = false;
  let warned = false;
  process.on('warning', () => (warned = true));
  const io: CliIO = {
    stdout,
    stderr: (t) => {
      wroteToStderr = true;
      process.stderr.write(t);
    },
    env: process.env,
    cwd: process.cwd(),
    // Decided when a command asks (iamlp assume): looking at process.stdin sets up a stream and
    // loads the terminal modules, which cost every other run.
    get prompt() {
      return process.stdin.isTTY && process.stderr.isTTY ? promptOnTerminal : undefined;
    },
    get promptSecret() {
      return process.stdin.isTTY && process.stderr.isTTY ? promptSecretOnTerminal : undefined;
    },
    readStdin: readAllStdin,
    onLongRun:
      hooks.onLongRun &&
      (() => {
        longRun = true;
        hooks.onLongRun?.();
      }),
  };
  // A long run ends as soon as all it wrote has left the process. Left to end by itself, node waits
  // for V8's optimizing compiler to finish code that nothing will run and takes the heap apart page
  // by page: 35 ms from the last byte of a run over the 1,571 AWS managed policies to its end,
  // against 15 ms through process.exit(). That drops what waits in a stream (a pipe's writes are
  // asynchronous on POSIX), so it is not taken while anything may: standard output handed to its
  // stream, a write of ours to standard error still queued, or a warning node printed there.
  const settled = () => stdout.settled() && !warned && (!wroteToStderr || process.stderr.writableLength === 0);
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
      if (longRun && settled()) process.exit(code);
    },
    (err) => {
      process.stderr.write(`iamlp: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}

if (require.main === module) runFromProcess();
