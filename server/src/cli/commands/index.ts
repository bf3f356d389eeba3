import { CliCommand } from '../types';
import { checkCommand } from './check';

/** Every `iamlp` subcommand, in the order `iamlp --help` lists them. */
export const commands: CliCommand[] = [checkCommand];
