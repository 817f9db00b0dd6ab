/** Reading the config file for every command: problems as errors, warnings printed. */
import * as path from 'path';
import { loadConfig } from '../config';
import { Config } from '../config/types';
import { InvalidInputError } from '../errors';
import { problemFindings } from '../findings';
import { hasErrors } from '../problems';
import { readInputFile } from '../io';
import { CommandContext } from './context';

export async function readConfig(file: string, ctx: CommandContext): Promise<Config> {
  const text = await readInputFile(file);
  const { config, problems } = loadConfig(text);
  const display = displayPath(file);
  if (!config || hasErrors(problems)) throw new InvalidInputError(display, problems, text);
  for (const f of problemFindings(display, problems, text)) ctx.report(f);
  return config;
}

/** Paths in messages: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), path.resolve(file));
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}
