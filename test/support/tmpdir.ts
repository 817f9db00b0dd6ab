/**
 * A private temporary directory for the whole jest run (globalSetup / globalTeardown in
 * jest.config.js): every worker, and every program a test starts, inherits TMPDIR, so os.tmpdir()
 * is this directory. At the end, whatever eksng or a test left there (`eksng-*`: a staging or
 * cache directory, a spill file) fails the run, by name; the directory is removed either way.
 * Private, so that other runs on the machine sharing /tmp cannot make it fail.
 */
import { mkdtempSync, readdirSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

const VARIABLE = 'EKSNG_JEST_TMPDIR';

export function setup(): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'eksng-jest-'));
  process.env[VARIABLE] = dir;
  process.env.TMPDIR = dir;
}

export function teardown(): void {
  const dir = process.env[VARIABLE];
  if (!dir) return;
  const left = readdirSync(dir).filter((name) => name.startsWith('eksng-')).sort();
  rmSync(dir, { recursive: true, force: true });
  if (left.length > 0) {
    throw new Error(`the tests left ${left.length} temporary entr${left.length === 1 ? 'y' : 'ies'} in the temporary directory: ${left.join(', ')}; remove each in afterEach/afterAll (tests) or in a finally (src)`);
  }
}
