/**
 * What generate, validate, explain and diff share: read every config of the run (all problems of
 * all files reported together), build their outputs and lay them out under one output directory.
 */
import * as path from 'path';
import { Config } from '../config/types';
import { InvalidInputError, InvalidInputsError, UsageError } from '../errors';
import { expandConfigArguments, OutputFile } from '../io';
import { buildOutputs, Outputs } from '../outputs';
import { CommandContext } from './context';
import { displayPath, readClusterOutputs, readConfig } from './load';

export interface ConfigRun {
  readonly file: string;
  readonly config: Config;
  readonly outputs: Outputs;
  /** Where its files go inside the output directory: '' for a run of one config, else the config's base name. */
  readonly subdir: string;
}

export async function prepareRuns(configArgs: readonly string[], ctx: CommandContext, clusterOutputs: string | null = null): Promise<ConfigRun[]> {
  const files = await expandConfigArguments(configArgs);
  if (files.length === 0) throw new UsageError(`no *.json config files in ${configArgs.join(', ')}`);
  const bases = files.map((f) => path.basename(f, '.json'));
  const clash = bases.find((b, i) => bases.indexOf(b) !== i);
  if (files.length > 1 && clash !== undefined) {
    throw new UsageError(`two configs are named ${clash}.json; with several configs each writes to <out>/<config name>/, so their names must differ`);
  }
  const outputs = clusterOutputs === null ? null : await readClusterOutputs(clusterOutputs);
  const runs: ConfigRun[] = [];
  const invalid: InvalidInputError[] = [];
  for (const [i, file] of files.entries()) {
    try {
      const config = await readConfig(file, ctx, { clusterOutputs: outputs });
      runs.push({ file, config, outputs: buildOutputs(config, path.basename(file)), subdir: files.length === 1 ? '' : bases[i] });
    } catch (e) {
      if (!(e instanceof InvalidInputError)) throw e;
      invalid.push(e);
    }
  }
  if (invalid.length === 1) throw invalid[0];
  if (invalid.length > 1) throw new InvalidInputsError(invalid);
  return runs;
}

/** Every output file of the run, with its path inside the output directory. */
export function runFiles(runs: readonly ConfigRun[]): OutputFile[] {
  return runs.flatMap((r) => r.outputs.files.map((f) => ({ ...f, name: path.join(r.subdir, f.name) })));
}

/** The regions of a run's configs: cfn-lint checks every template against all of them. */
export function runRegions(runs: readonly ConfigRun[]): string[] {
  return runs.map((r) => r.config.cluster.region);
}

export { displayPath };
