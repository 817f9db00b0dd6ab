/** The config's `gitSync` section (CloudFormation Git sync), before and after defaults. */

export interface GitSyncInput {
  /**
   * Where the output directory of this config is, as a path from the root of the Git repository
   * the stacks are synced from (e.g. `out/production`): Git sync reads `template-file-path` from
   * the repository root. `eksng generate` checks it against the directory it writes to.
   */
  outputDirectory: string;
  /** Stack tags, written into every deployment file (CloudFormation copies them onto the stack's resources). */
  tags?: Record<string, string>;
}

export interface GitSync {
  readonly outputDirectory: string;
  readonly tags: Readonly<Record<string, string>>;
}

export function resolveGitSync(input: GitSyncInput | undefined): GitSync | null {
  if (input === undefined) return null;
  return { outputDirectory: input.outputDirectory, tags: input.tags ?? {} };
}
