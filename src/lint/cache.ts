/**
 * The lint cache: cfn-lint's findings per template, keyed by everything that decides them — the
 * template's bytes, the cfn-lint installation and version, the options eksng passes, and the
 * cfn-lint config files it reads — so it can never give a stale answer. A run whose templates all
 * hit skips cfn-lint; otherwise one cfn-lint process lints only the templates that missed.
 */
import { createHash } from 'crypto';
import * as path from 'path';
import { LintFinding } from './cfn-lint';

/** Bump when the cached format or the meaning of a key changes. */
export const CACHE_FORMAT = 'lint-v1';

export interface CacheStore {
  get(key: string): string | null;
  /** Best effort: a cache that cannot be written is no error. */
  put(key: string, value: string): void;
}

/** `$XDG_CACHE_HOME/eksng`, default `~/.cache/eksng`. */
export function cacheDir(env: NodeJS.ProcessEnv, home: string): string {
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'eksng');
}

export type CachedFinding = Omit<LintFinding, 'file'>;

export interface LintKeyParts {
  readonly cfnLint: { version: string; fingerprint: string };
  readonly args: readonly string[];
  /** Contents of the cfn-lint config files that exist (they change what it reports). */
  readonly configFiles: Readonly<Record<string, string>>;
}

export function lintKey(parts: LintKeyParts, template: string): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([CACHE_FORMAT, parts.cfnLint, parts.args, Object.entries(parts.configFiles).sort()]));
  h.update('\0');
  h.update(template);
  return `${CACHE_FORMAT}/${h.digest('hex')}`;
}

export function readCached(store: CacheStore, key: string): CachedFinding[] | null {
  const text = store.get(key);
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? (value as CachedFinding[]) : null;
  } catch {
    return null; // a damaged entry is a miss
  }
}

export function writeCached(store: CacheStore, key: string, findings: readonly LintFinding[]): void {
  store.put(key, JSON.stringify(findings.map(({ file: _file, ...rest }) => rest)));
}
