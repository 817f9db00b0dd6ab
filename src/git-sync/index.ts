/**
 * CloudFormation Git sync (config `gitSync`): the deployment files are output kinds (outputs/kinds.ts,
 * rendered by deployment-file.ts); this checks, where the output directory is inside a Git work
 * tree, that `gitSync.outputDirectory` names it, since Git sync resolves every `template-file-path`
 * from the repository root and a wrong one fails only once CloudFormation syncs.
 */
import * as path from 'path';
import { error, pointer, Problem } from '../problems';
import type { GitSync } from './types';

export type { GitSync, GitSyncInput } from './types';

/**
 * `outDir`: where this config's files go (absolute); `root`: the Git work tree holding it, null
 * when there is none: output written outside a repository (a scratch directory, a test) is not
 * what Git sync reads, and the check runs again where it is (`generate --check` in CI).
 */
export function checkGitSyncDirectory(gitSync: GitSync, outDir: string, root: string | null): Problem[] {
  if (root === null) return [];
  const at = pointer('gitSync', 'outputDirectory');
  const actual = path.relative(root, outDir).split(path.sep).join('/') || '.';
  if (actual === gitSync.outputDirectory) return [];
  return [error('rule.git-sync-directory', at, `is "${gitSync.outputDirectory}", but this run writes to ${outDir}, which is "${actual}" from the repository root ${root}: Git sync would look for the templates in the wrong place; set it to "${actual}" (or write to that directory)`)];
}
