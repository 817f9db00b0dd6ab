/** Every command, in the order `eksng --help` lists them. A new command is one module and one entry here. */
import { importCommand } from './import';
import { authCommand } from './auth';
import { clusterCommand } from './cluster';
import type { CommandDefinition } from './command';
import { completionCommand } from './completion';
import { diffCommand } from './diff';
import { explainCommand } from './explain';
import { generateCommand } from './generate';
import { initCommand } from './init';
import { migrateCommand } from './migrate';
import { validateCommand } from './validate';

export const COMMANDS: readonly CommandDefinition[] = [initCommand, clusterCommand, generateCommand, validateCommand, explainCommand, diffCommand, authCommand, migrateCommand, importCommand, completionCommand];
