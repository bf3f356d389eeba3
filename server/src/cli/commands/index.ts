import { CliCommand } from '../types';
import { checkCommand } from './check';
import { whoamiCommand } from './whoami';
import { assumeCommand } from './assume';
import { eventsCommand } from './events';
import { verifyCommand } from './verify';

/** Every `iamlp` subcommand, in the order `iamlp --help` lists them. */
export const commands: CliCommand[] = [checkCommand, whoamiCommand, assumeCommand, eventsCommand, verifyCommand];
