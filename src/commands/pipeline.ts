/**
 * What generate, validate, explain and diff share: read every config of the run (all problems of
 * all files reported together), build their outputs and lay them out under one output directory.
 */
import { withPolicy } from '../policy';
import { SpillFile, withChanges } from '../io';
import * as path from 'path';
import { Config } from '../config/types';
import { nodeGroupStackName } from '../cfn/stack-names';
import { InvalidInputError, InvalidInputsError, UsageError } from '../errors';
import { error, pointer } from '../problems';
import { checkGitSyncDirectory } from '../git-sync';
import { createsRole, nodeRoleName } from '../template/iam';
import { expandConfigArguments, findRepositoryRoot, OutputFile } from '../io';
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

/** `spill`: large configs' files are written there as they are rendered (generate), instead of held in memory. */
export async function prepareRuns(configArgs: readonly string[], ctx: CommandContext, clusterOutputs: string | null = null, spill: SpillFile | null = null): Promise<ConfigRun[]> {
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
      runs.push({ file, config, outputs: buildOutputs(config, path.basename(file), spill), subdir: files.length === 1 ? '' : bases[i] });
    } catch (e) {
      if (!(e instanceof InvalidInputError)) throw e;
      invalid.push(e);
    }
  }
  invalid.push(...collisions(runs));
  if (invalid.length === 1) throw invalid[0];
  if (invalid.length > 1) throw new InvalidInputsError(invalid);
  return runs;
}

/**
 * Names that must be unique beyond one config: two configs of a run that give the same stack name
 * in one region (deploying one replaces the other), or the same named node role in one account.
 */
function collisions(runs: readonly ConfigRun[]): InvalidInputError[] {
  const seen = new Map<string, { file: string; at: string }>();
  const errors: InvalidInputError[] = [];
  for (const r of runs) {
    const problems = r.config.nodeGroups.flatMap((ng, i) => {
      const at = pointer('nodeGroups', i, 'name');
      const c = r.config.cluster;
      const keys: Array<[string, string]> = [[`stack ${c.region} ${nodeGroupStackName(c.name, ng.name)}`, `the stack name ${nodeGroupStackName(c.name, ng.name)} (region ${c.region})`]];
      if (c.accountId !== null && createsRole(ng)) keys.push([`role ${c.accountId} ${nodeRoleName(c.name, ng.name)}`, `the IAM role name ${nodeRoleName(c.name, ng.name)} (account ${c.accountId})`]);
      return keys.flatMap(([key, what]) => {
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, { file: displayPath(r.file), at });
          return [];
        }
        return first.file === displayPath(r.file) ? [] : [error('rule.name-collision', at, `gives ${what}, which ${first.file}#${first.at} gives too: one would replace the other; rename one of the node groups (or clusters)`)];
      });
    });
    if (problems.length > 0) errors.push(new InvalidInputError(displayPath(r.file), problems));
  }
  return errors;
}

/** Every output file of the run, with its path inside the output directory. */
export function runFiles(runs: readonly ConfigRun[]): OutputFile[] {
  return runs.flatMap((r) => withPolicy(r.outputs.files, r.config).map((f) => withChanges(f, { name: path.join(r.subdir, f.name) })));
}

/** The regions of a run's configs: cfn-lint checks every template against all of them. */
export function runRegions(runs: readonly ConfigRun[]): string[] {
  return runs.map((r) => r.config.cluster.region);
}

/**
 * With `gitSync`: each config's output directory must be the one its deployment files name
 * (`gitSync.outputDirectory`, from the Git repository's root); outside a work tree, a warning.
 */
export async function checkGitSyncDirectories(targets: ReadonlyArray<{ readonly file: string; readonly config: Config; readonly dir: string }>): Promise<void> {
  const invalid: InvalidInputError[] = [];
  for (const t of targets) {
    if (t.config.gitSync === null) continue;
    const dir = path.resolve(t.dir);
    const problems = checkGitSyncDirectory(t.config.gitSync, dir, await findRepositoryRoot(dir));
    if (problems.length > 0) invalid.push(new InvalidInputError(displayPath(t.file), problems));
  }
  if (invalid.length === 1) throw invalid[0];
  if (invalid.length > 1) throw new InvalidInputsError(invalid);
}

export { displayPath };
