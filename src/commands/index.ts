/**
 * Every command, in the order `eksng --help` lists them. A new command is its module, its declaration
 * (declarations/<name>.ts, which loads the module only when the command runs) and one entry here.
 */
import { importCommand } from './declarations/import';
import { authCommand } from './declarations/auth';
import { clusterCommand } from './declarations/cluster';
import type { CommandDefinition } from './command';
import { completionCommand } from './completion';
import { diffCommand } from './declarations/diff';
import { explainCommand } from './declarations/explain';
import { generateCommand } from './declarations/generate';
import { initCommand } from './declarations/init';
import { migrateCommand } from './declarations/migrate';
import { validateCommand } from './declarations/validate';

export const COMMANDS: readonly CommandDefinition[] = [initCommand, clusterCommand, generateCommand, validateCommand, explainCommand, diffCommand, authCommand, migrateCommand, importCommand, completionCommand];
