/** Test builders and fakes. GIVEN a config from aConfig(overrides) WHEN built THEN assert. */
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigInput, NodeGroupInput } from '../src/config/types';
import { CommandContext } from '../src/commands/context';
import { formatFinding } from '../src/findings';
import { ProcessResult, ProcessRunner, runProcess } from '../src/process';

/** Base64 of a real (throwaway, self-signed) PEM certificate. */
export const CA_DATA = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJnRENDQVNXZ0F3SUJBZ0lVY3J0WW5LaWl2bWEyNVFuUjJhVmpzVFJTN0FFd0NnWUlLb1pJemowRUF3SXcKRlRFVE1CRUdBMVVFQXd3S2EzVmlaWEp1WlhSbGN6QWVGdzB5TmpFeE1qZ3lNekF6TVRWYUZ3MHpOakV4TWpVeQpNekF6TVRWYU1CVXhFekFSQmdOVkJBTU1DbXQxWW1WeWJtVjBaWE13V1RBVEJnY3Foa2pPUFFJQkJnZ3Foa2pPClBRTUJCd05DQUFTSWg4RXY3QURzWjY5NGdONkhRMnliSW9SVDRDNDdXUkxET3lmYlIrRk94VzlxUG5adFp0UzMKVnVwcWNtaWJHUVptcU9lREI2UzhpNWhVL3hvNFdENEdvMU13VVRBZEJnTlZIUTRFRmdRVU1UYWUrMkhRMWN4cgp5blhEV08yRUFpOUFyL1V3SHdZRFZSMGpCQmd3Rm9BVU1UYWUrMkhRMWN4cnluWERXTzJFQWk5QXIvVXdEd1lEClZSMFRBUUgvQkFVd0F3RUIvekFLQmdncWhrak9QUVFEQWdOSkFEQkdBaUVBc2l6a1J4N0JPaDMxWlhBRkRuR2gKVEJWN2xVb0JQQUpiUm5GVm9zYlc2WVVDSVFDb0dxWUJZaXBrVEdNUlpiNWNHS0dYYkNxc3d1RktDbSs5eHNINgpHRjF4aWc9PQotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg==';
/** Stands in for the security group EKS makes for a cluster. */
export const CLUSTER_SG = 'sg-0c1a2b3c4d5e6f708';
export const ENDPOINT = 'https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com';

export function aNodeGroup(overrides: Partial<NodeGroupInput> = {}): NodeGroupInput {
  return { name: 'ng-1', ...overrides };
}

/** A valid AL2023 config; `cluster` and the first node group can be overridden field by field. */
export function aConfig(
  overrides: { cluster?: Partial<ConfigInput['cluster']>; nodeGroup?: Partial<NodeGroupInput>; nodeGroups?: NodeGroupInput[] } = {},
): ConfigInput {
  return {
    cluster: {
      name: 'test-cluster',
      region: 'us-east-1',
      kubernetesVersion: '1.33',
      endpoint: ENDPOINT,
      certificateAuthorityData: CA_DATA,
      serviceCidr: '10.100.0.0/16',
      clusterSecurityGroupId: CLUSTER_SG,
      ...overrides.cluster,
    },
    nodeGroups: overrides.nodeGroups ?? [aNodeGroup(overrides.nodeGroup)],
  };
}

/**
 * One directory per test file holds the lint caches of its contexts, removed after the file's
 * tests (a hook registered when a test file imports this module; jest loads modules per file).
 */
let cacheRoot: string | null = null;
if (typeof afterAll === 'function') {
  afterAll(() => {
    if (cacheRoot !== null) rmSync(cacheRoot, { recursive: true, force: true });
    cacheRoot = null;
  });
}

/** A fresh, empty lint cache directory, removed after the test file. */
export function aCacheDir(): string {
  cacheRoot ??= mkdtempSync(path.join(os.tmpdir(), 'eksng-test-cache-'));
  return mkdtempSync(path.join(cacheRoot, 'context-'));
}

export interface CapturedContext extends CommandContext {
  readonly out: () => string;
  readonly err: () => string;
  readonly calls: Array<{ command: string; args: readonly string[] }>;
}

/** Pass as `respond` to run the real programs (e.g. the real cfn-lint). */
export const REAL = () => ({});

/** A command context that records output and answers process calls with `respond`. */
export function captureContext(
  respond: (command: string, args: readonly string[]) => Partial<ProcessResult> | Promise<Partial<ProcessResult>> = () => ({ code: 0, stdout: '[]' }),
  env: NodeJS.ProcessEnv = {},
): CapturedContext {
  let out = '';
  let err = '';
  const calls: Array<{ command: string; args: readonly string[] }> = [];
  const run: ProcessRunner = async (command, args) => {
    calls.push({ command, args });
    if (respond === REAL) return runProcess(command, args);
    const r = await respond(command, args);
    return { code: r.code === undefined ? 0 : r.code, stdout: r.stdout ?? '', stderr: r.stderr ?? '', spawnError: r.spawnError ?? null };
  };
  return {
    // Each context gets its own lint cache, so a fake cfn-lint answer is never reused by another test.
    env: { ...process.env, XDG_CACHE_HOME: aCacheDir(), ...env },
    report: (f) => (err += formatFinding(f) + '\n'),
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    run,
    out: () => out,
    err: () => err,
    calls,
  };
}

export function enoent(): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error('spawn cfn-lint ENOENT');
  e.code = 'ENOENT';
  return e;
}

/** Every file under a directory with its bytes, to prove a failed run changed nothing. */
export function snapshot(root: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isSymbolicLink()) result[path.relative(root, p)] = `symlink to ${readlinkSync(p)}`;
      else result[path.relative(root, p)] = readFileSync(p, 'base64');
    }
  };
  walk(root);
  return result;
}
