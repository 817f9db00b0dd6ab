/**
 * cfn-lint runs on one core. For runs with many templates, the templates are split into balanced
 * shares, one cfn-lint process each, as many as there are CPUs (bounded): each process pays
 * cfn-lint's start-up (~1.4 s here), so a share must be large enough to be worth it. The findings
 * of all shares are put in one stable order (the run's file order, then position and rule), so the
 * output is byte-identical whatever the split.
 */
import * as os from 'os';
import * as path from 'path';
import { ProcessRunner } from '../process';
import { LintFinding, runCfnLint } from './cfn-lint';

/** At most this many cfn-lint processes, whatever the CPU count (each takes ~100 MiB). */
export const MAX_JOBS = 8;
/**
 * Templates a process should get before another process pays off: measured with `npm run bench`
 * (README, Speed) on the 2-CPU machine here, where 2 processes overtake 1 from about this many.
 */
export const MIN_TEMPLATES_PER_JOB = 8;

/** How many processes for `files` templates: `requested` (--jobs) if given, else by CPUs and share size. */
export function jobsFor(files: number, requested: number | null, cpus: number = os.availableParallelism()): number {
  if (files === 0) return 1;
  if (requested !== null) return Math.max(1, Math.min(requested, files));
  return Math.max(1, Math.min(cpus, MAX_JOBS, Math.floor(files / MIN_TEMPLATES_PER_JOB)));
}

/**
 * Shares of about equal total size (largest template first, each to the lightest share so far):
 * cfn-lint's time per template grows with its size. Deterministic: ties go to the first share.
 */
export function shares<T extends { readonly size: number }>(items: readonly T[], jobs: number): T[][] {
  const bins: Array<{ items: Array<{ item: T; i: number }>; size: number }> = Array.from({ length: Math.max(1, jobs) }, () => ({ items: [], size: 0 }));
  const order = items.map((item, i) => ({ item, i })).sort((a, b) => b.item.size - a.item.size || a.i - b.i);
  for (const entry of order) {
    const lightest = bins.reduce((min, b) => (b.size < min.size ? b : min), bins[0]);
    lightest.items.push(entry);
    lightest.size += entry.item.size;
  }
  // Each share in the run's order (one share is the run's own list, as before parallel linting).
  return bins.filter((b) => b.items.length > 0).map((b) => b.items.sort((x, y) => x.i - y.i).map((x) => x.item));
}

/** One order for findings, independent of which process reported them: file (in the run's order), line, column, rule, message. */
export function sortFindings(findings: readonly LintFinding[], fileOrder: readonly string[]): LintFinding[] {
  const rank = new Map(fileOrder.map((f, i) => [path.resolve(f), i]));
  const r = (f: LintFinding) => rank.get(path.resolve(f.file)) ?? Number.MAX_SAFE_INTEGER;
  // Code-unit order, not localeCompare: the same on every machine, whatever its locale.
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return [...findings].sort((a, b) => r(a) - r(b) || a.line - b.line || a.column - b.column || text(a.ruleId, b.ruleId) || text(a.message, b.message) || text(a.path, b.path));
}

/** cfn-lint over `files` in `jobs` processes at once; the findings in one stable order. */
export async function runCfnLintParallel(files: ReadonlyArray<{ readonly path: string; readonly size: number }>, regions: readonly string[], run: ProcessRunner, jobs: number): Promise<LintFinding[]> {
  const parts = shares(files, jobs);
  const results = await Promise.all(parts.map((part) => runCfnLint(part.map((f) => f.path), regions, run)));
  return sortFindings(results.flat(), files.map((f) => f.path));
}
