/** Where a CLI command writes; tests pass buffers, `main` passes the process streams. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /**
   * Asks the person at the terminal for one line (the question on stderr, so stdout stays clean for
   * `eval "$(iamlp assume ...)"`). Absent when nobody is there to answer: stdin or stderr is not a
   * terminal, as under credential_process or in CI.
   */
  prompt?(question: string): Promise<string>;
  /** As `prompt`, without echoing what is typed (an ExternalId); absent when nobody is there. */
  promptSecret?(question: string): Promise<string>;
  /** All of standard input, for `--external-id-stdin`: a secret that reaches neither `ps` nor shell history. */
  readStdin?(): Promise<string>;
  /**
   * Called once when a command's run turns out to be long (cli/batchRun.ts): the process that
   * started iamlp tunes itself for it. Absent in tests and when nothing is to be tuned.
   */
  onLongRun?(): void;
}

/** One `iamlp <name>` subcommand. `run` returns the process exit code and never throws for expected failures. */
export interface CliCommand {
  name: string;
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}

/** A subcommand as `iamlp --help` lists it; its module is loaded when it runs (commands/index.ts). */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<CliCommand>;
}

/** Exit codes shared by every subcommand. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** An expected failure: its message is printed as one line, without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_USAGE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * Whether `err` is an expected failure. By name rather than instanceof: the AWS commands live in a
 * bundle of their own (dist/cli-aws.js) with its own copy of this class.
 */
export function isCliError(err: unknown): err is CliError {
  return err instanceof Error && err.name === 'CliError' && typeof (err as CliError).exitCode === 'number';
}
