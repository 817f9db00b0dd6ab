/** Reading the config file for every command: problems as errors, warnings reported. */
import * as path from 'path';
import { applyClusterOutputs } from '../cluster/stack-outputs';
import { ConfigPurpose, loadConfigInput, parseJson } from '../config';
import { parseConfig } from '../config/parse';
import { Config } from '../config/types';
import { InvalidInputError } from '../errors';
import { fileFinding, Finding, problemFindings } from '../findings';
import { hasErrors, Problem } from '../problems';
import { readInputFile } from '../io';
import { valueText } from '../json-position';
import { CommandContext } from './context';

/** The describe-stacks JSON of a cluster stack, read once per run. */
export interface ClusterOutputsFile {
  readonly file: string;
  readonly text: string;
  readonly json: unknown;
}

export interface ReadConfigOptions {
  /** @default "nodeGroups" */
  readonly for?: ConfigPurpose;
  /** Fills the cluster fields the config lacks (`generate --cluster-outputs`). */
  readonly clusterOutputs?: ClusterOutputsFile | null;
  /** Rules of one command only, run on the resolved config. */
  readonly extraChecks?: (config: Config) => Problem[];
}

export async function readClusterOutputs(file: string): Promise<ClusterOutputsFile> {
  const text = await readInputFile(file);
  const json = parseJson(text);
  if ('problem' in json) throw new InvalidInputError(displayPath(file), [json.problem], text);
  return { file: displayPath(file), text, json: json.value };
}

/** parse (schema) → [cluster outputs] → resolve (defaults) → check (rules); errors throw, warnings are reported. */
export async function readConfig(file: string, ctx: CommandContext, options: ReadConfigOptions = {}): Promise<Config> {
  const text = await readInputFile(file, ' (create one with: eksng init)');
  const display = displayPath(file);
  const json = parseJson(text);
  if ('problem' in json) throw new InvalidInputError(display, [json.problem], text);
  const source = (at: string) => valueText(text, at);
  const parsed = parseConfig(json.value, source);
  if (!parsed.value) throw new InvalidInputError(display, parsed.problems, text);
  let input = parsed.value;
  const problems: Problem[] = [];
  if (options.clusterOutputs) {
    const outputs = options.clusterOutputs;
    const merged = applyClusterOutputs(input, outputs.json, outputs.file);
    if (hasErrors(merged.outputsProblems)) throw new InvalidInputError(outputs.file, merged.outputsProblems, outputs.text);
    for (const f of problemFindings(outputs.file, merged.outputsProblems, outputs.text)) ctx.report(f);
    for (const filled of merged.filled) ctx.report(fillNote(display, filled));
    // A conflict with the stack stops here: the rules below would only repeat it in other words.
    if (hasErrors(merged.configProblems)) throw new InvalidInputError(display, merged.configProblems, text);
    input = merged.input;
    problems.push(...merged.configProblems);
  }
  const loaded = loadConfigInput(input, { for: options.for, source });
  problems.push(...loaded.problems, ...(loaded.config && options.extraChecks ? options.extraChecks(loaded.config) : []));
  if (!loaded.config || hasErrors(problems)) throw new InvalidInputError(display, problems, text);
  for (const f of problemFindings(display, problems, text)) ctx.report(f);
  return loaded.config;
}

function fillNote(display: string, filled: { pointer: string; from: string }): Finding {
  return fileFinding('note', 'cluster-outputs.filled', display, `taken from ${filled.from}`, filled.pointer);
}

/** Paths in messages: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), path.resolve(file));
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}
