import { CommandEntry } from '../types';

/**
 * Every `iamlp` subcommand, in the order `iamlp --help` lists them. A command's module is loaded
 * only when it runs: the AWS commands pull in the AWS SDK, whose loading alone took longer than a
 * whole `iamlp check` of a small policy. The bundle keeps them in dist/cli-aws.js (scripts/build.mjs).
 */
export const commands: CommandEntry[] = [
  {
    name: 'check',
    summary: 'Lint IAM policy files (files, folders, globs)',
    load: async () => (await import('./check')).checkCommand,
  },
  {
    name: 'diff',
    summary: 'What access a policy change adds: two files or folders, or the working tree against a git ref',
    load: async () => (await import('./diff')).diffCommand,
  },
  {
    name: 'whoami',
    summary: 'Show the AWS identity (account, ARN, user id) of the current credentials',
    load: async () => (await import('./aws')).whoamiCommand,
  },
  {
    name: 'assume',
    summary: 'Assume an IAM role (ExternalId, MFA) and print temporary credentials',
    load: async () => (await import('./aws')).assumeCommand,
  },
  {
    name: 'events',
    summary: 'List CloudTrail AssumeRole events (SOC 2 CC6.3 evidence of role assumption)',
    load: async () => (await import('./aws')).eventsCommand,
  },
  {
    name: 'verify',
    summary: 'Verify live that a principal is allowed no IAM write (iam:SimulatePrincipalPolicy, read-only)',
    load: async () => (await import('./aws')).verifyCommand,
  },
];
