/**
 * Linting the templates of a run: cached findings where the cache has them, one cfn-lint process
 * for the rest.
 */
import * as path from 'path';
import { ToolError } from '../errors';
import { ProcessRunner } from '../process';
import { CacheStore, lintKey, LintKeyParts, readCached, writeCached } from './cache';
import { CFN_LINT, cfnLintMissing, LintFinding } from './cfn-lint';
import { jobsFor, runCfnLintParallel, sortFindings } from './parallel';
import { FileProbe, identifyCfnLint } from './identity';

export interface LintFile {
  /** Where the template is on disk (staged). */
  readonly path: string;
  readonly content: string;
}

export interface LintCacheSetup {
  readonly store: CacheStore;
  readonly probe: FileProbe;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly configFiles: Readonly<Record<string, string>>;
}

export interface LintResult {
  readonly findings: LintFinding[];
  /** Templates answered from the cache. */
  readonly cached: number;
  /** Templates cfn-lint looked at in this run. */
  readonly linted: number;
}

/**
 * @param jobs cfn-lint processes to use (`--jobs`); null: chosen by the number of templates to lint and the CPUs (parallel.ts)
 */
export async function lintTemplates(files: readonly LintFile[], regions: readonly string[], run: ProcessRunner, cache: LintCacheSetup | null, jobs: number | null = null): Promise<LintResult> {
  const sortedRegions = [...new Set(regions)].sort();
  const lint = (todo: readonly LintFile[]) => runCfnLintParallel(todo.map((f) => ({ path: f.path, size: f.content.length })), sortedRegions, run, jobsFor(todo.length, jobs));
  if (cache === null) return { findings: await lint(files), cached: 0, linted: files.length };

  const parts: LintKeyParts = {
    cfnLint: identifyCfnLint(cache.env, cache.cwd, cache.probe) ?? (await askVersion(run)),
    args: ['--format', 'json', '--regions', ...sortedRegions],
    configFiles: cache.configFiles,
  };
  const keys = files.map((f) => lintKey(parts, f.content));
  const findings: LintFinding[] = [];
  const missed: LintFile[] = [];
  files.forEach((f, i) => {
    const hit = readCached(cache.store, keys[i]);
    if (hit === null) missed.push(f);
    else findings.push(...hit.map((h) => ({ ...h, file: f.path })));
  });
  if (missed.length > 0) {
    const fresh = await lint(missed);
    for (const f of missed) {
      const mine = fresh.filter((x) => path.resolve(x.file) === path.resolve(f.path));
      writeCached(cache.store, keys[files.indexOf(f)], mine);
    }
    findings.push(...fresh);
  }
  // Cached and fresh findings in the one order a single process would give.
  return { findings: sortFindings(findings, files.map((f) => f.path)), cached: files.length - missed.length, linted: missed.length };
}

/** The slow way, for installations identifyCfnLint does not understand. */
async function askVersion(run: ProcessRunner): Promise<{ version: string; fingerprint: string }> {
  const r = await run(CFN_LINT, ['--version']);
  if (r.spawnError?.code === 'ENOENT') throw cfnLintMissing();
  const version = /(\d+\.\d+\.\d+\S*)/.exec(r.stdout + r.stderr)?.[1];
  if (r.code !== 0 || !version) throw new ToolError(`cfn-lint --version failed (exit status ${r.code ?? 'signal'}): ${(r.stderr || r.stdout).trim().split('\n')[0] ?? ''}`);
  return { version, fingerprint: `cfn-lint --version: ${version}` };
}

