/**
 * End-to-end test support: run a throwaway `moto_server` on 127.0.0.1 and drive it with the
 * real `aws` CLI (v1). No jest in here, so it can be used from scripts as well as from tests.
 *
 *   const tools = toolsAvailable();            // skip the suite when !tools.ok
 *   const moto = await startMoto();            // in beforeAll
 *   const net = await createNetwork(moto);
 *   await aws(moto, ['cloudformation', 'create-stack', ...]);
 *   const stack = await waitForStack(moto, 'my-stack');
 *   await moto.stop();                         // in afterAll (safe to call twice)
 *
 * Every AWS call goes to the local endpoint only: `aws()` adds `--endpoint-url` itself and
 * refuses to run unless that endpoint is a loopback address.
 */
import { ChildProcess, execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';

export const MOTO_REGION = 'us-east-1';
/** The two AZs `createNetwork` puts its subnets in (moto knows us-east-1a..f). */
export const MOTO_AZS = ['us-east-1a', 'us-east-1b'] as const;
/** An AMI that moto 5 always has in us-east-1 ("amazon-eks-node-linux", owner 801119661308). */
export const MOTO_EKS_AMI_ID = 'ami-ekslinux';

const STARTUP_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;
const DEFAULT_AWS_TIMEOUT_MS = 120_000;

export interface MotoServer {
  /** e.g. `http://127.0.0.1:41234` */
  readonly endpoint: string;
  readonly port: number;
  /** Complete environment for child processes (`aws`, the eksng CLI, ...) talking to this moto. */
  readonly env: NodeJS.ProcessEnv;
  /** The last ~64 KB of moto's stderr: its request log and Python tracebacks. */
  log(): string;
  /** Kill moto (whole process group) and wait for it to exit. Idempotent. */
  stop(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Tools

function onPath(command: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    try {
      fs.accessSync(path.join(dir, command), fs.constants.X_OK);
      return true;
    } catch {
      // keep looking
    }
  }
  return false;
}

/** Whether `moto_server` and `aws` are on PATH (no process is run, no network is used). */
export function toolsAvailable(): { ok: boolean; missing: string[] } {
  const missing = ['moto_server', 'aws'].filter((c) => !onPath(c));
  return { ok: missing.length === 0, missing };
}

// ---------------------------------------------------------------------------------------------
// Loopback guard

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Throws unless `endpoint` is an http(s) URL whose host is 127.0.0.1, ::1 or localhost. */
export function assertLoopback(endpoint: string): void {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`refusing to use endpoint ${JSON.stringify(endpoint)}: not a URL`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new Error(`refusing to use endpoint ${JSON.stringify(endpoint)}: not a loopback http(s) URL`);
  }
}

// ---------------------------------------------------------------------------------------------
// moto_server lifecycle

/** Environment for anything that talks to moto: dummy credentials, fixed region, no user config. */
function motoEnv(endpoint: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Drop every inherited AWS_* (AWS_PROFILE, AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE, ...).
    if (!k.startsWith('AWS_')) env[k] = v;
  }
  const noProxy = ['127.0.0.1', 'localhost', '::1', env.NO_PROXY ?? env.no_proxy].filter(Boolean).join(',');
  return {
    ...env,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: 'testing',
    AWS_DEFAULT_REGION: MOTO_REGION,
    AWS_REGION: MOTO_REGION,
    AWS_ENDPOINT_URL: endpoint,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    // moto's errors are deterministic (often HTTP 500 on its own bugs): do not retry them.
    AWS_MAX_ATTEMPTS: '1',
    NO_PROXY: noProxy,
    no_proxy: noProxy,
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('could not read a free port'))));
    });
  });
}

/** Resolves true if anything answers HTTP at `url` within `timeoutMs`. */
function answersHttp(url: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// Safety net: if the test process exits without stop(), still kill the servers we started.
const liveGroups = new Set<number>();
let exitHookInstalled = false;
function trackGroup(pid: number): void {
  liveGroups.add(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pgid of liveGroups) killGroup(pgid, 'SIGKILL');
  });
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function launch(port: number): Promise<MotoServer> {
  const endpoint = `http://127.0.0.1:${port}`;
  // detached: moto gets its own process group, so stop() can kill the group as a whole.
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: motoEnv(endpoint),
  });
  const pid = child.pid;
  // moto logs every request to stderr: always drain it (a full pipe would block moto), keep a tail.
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-64_000);
  });
  const exitPromise = new Promise<void>((resolve) => {
    if (exited(child)) resolve();
    else child.once('exit', () => resolve());
  });
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));
  if (pid !== undefined) trackGroup(pid);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (pid === undefined || exited(child)) {
        if (pid !== undefined) liveGroups.delete(pid);
        return;
      }
      killGroup(pid, 'SIGTERM');
      const exitedInTime = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), STOP_TIMEOUT_MS);
        void exitPromise.then(() => {
          clearTimeout(timer); // no stray timer keeping jest alive
          resolve(true);
        });
      });
      if (!exitedInTime) {
        killGroup(pid, 'SIGKILL');
        await exitPromise;
      }
      liveGroups.delete(pid);
    })();
    return stopping;
  };

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (spawnError) throw new Error(`could not start moto_server: ${spawnError.message}`);
    if (exited(child)) {
      await stop();
      throw new Error(
        `moto_server exited during startup (code ${child.exitCode}, signal ${child.signalCode}):\n${stderr.slice(-4_000)}`,
      );
    }
    if (await answersHttp(`${endpoint}/moto-api/`, 1_000)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto_server did not answer on ${endpoint} within ${STARTUP_TIMEOUT_MS} ms:\n${stderr.slice(-4_000)}`);
    }
    await sleep(100);
  }
  return { endpoint, port, env: motoEnv(endpoint), log: () => stderr, stop };
}

/** Start moto_server on a free 127.0.0.1 port and wait until it answers HTTP. */
export async function startMoto(): Promise<MotoServer> {
  let lastError: unknown;
  // The port can be taken between freePort() and moto's bind(); retry a couple of times.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await launch(await freePort());
    } catch (err) {
      lastError = err;
      if (!(err instanceof Error) || !/Address already in use/.test(err.message)) throw err;
    }
  }
  throw lastError;
}

// ---------------------------------------------------------------------------------------------
// aws CLI

export interface AwsOptions {
  /** Working directory (relative `file://` paths resolve against it). */
  cwd?: string;
  /** Kill the CLI after this long; default 120 s. */
  timeoutMs?: number;
}

function lastTraceback(log: string): string {
  const start = log.lastIndexOf('Traceback (most recent call last)');
  if (start < 0) return '(none in the log)';
  const lines = log.slice(start).split('\n');
  const end = lines.findIndex((l, i) => i > 0 && /^\S/.test(l)); // the exception line ends the block
  return lines.slice(end < 0 ? -12 : Math.max(0, end - 10), end < 0 ? undefined : end + 1).join('\n');
}

/**
 * Run the real `aws` CLI against moto; returns raw stdout/stderr. Adds
 * `--endpoint-url <moto> --region us-east-1 --output json`. Throws on non-zero exit.
 * Use this for commands that print text, e.g. `cloudformation deploy`.
 */
export function awsRaw(
  server: MotoServer,
  args: readonly string[],
  opts: AwsOptions = {},
): Promise<{ stdout: string; stderr: string }> {
  assertLoopback(server.endpoint);
  const fullArgs = [...args, '--endpoint-url', server.endpoint, '--region', MOTO_REGION, '--output', 'json'];
  return new Promise((resolve, reject) => {
    execFile(
      'aws',
      fullArgs,
      {
        env: server.env,
        cwd: opts.cwd,
        timeout: opts.timeoutMs ?? DEFAULT_AWS_TIMEOUT_MS,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        if (err) {
          const shown = ['aws', ...fullArgs].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a)));
          const why = err.killed ? `killed after ${opts.timeoutMs ?? DEFAULT_AWS_TIMEOUT_MS} ms` : `exit ${err.code}`;
          let message = `${shown.join(' ')} failed (${why}):\n${stderr.trim() || stdout.trim()}`;
          // moto answers HTTP 500 when it hits a bug of its own; the reason is only in its log.
          if (/Internal Server Error/.test(stderr)) message += `\nmoto's last traceback:\n${lastTraceback(server.log())}`;
          reject(new Error(message));
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
  });
}

/**
 * Run the real `aws` CLI against moto and parse its JSON output (`null` if it printed nothing).
 * The type parameter is an unchecked convenience cast.
 */
export async function aws<T = unknown>(server: MotoServer, args: readonly string[], opts?: AwsOptions): Promise<T> {
  const { stdout } = await awsRaw(server, args, opts);
  const text = stdout.trim();
  if (text === '') return null as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`aws ${args.join(' ')}: output is not JSON:\n${text.slice(0, 2_000)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Fixtures: what a user's account already has before deploying a node group

export interface Network {
  vpcId: string;
  /** One subnet in each of MOTO_AZS, in that order. */
  subnetIds: [string, string];
  availabilityZones: [string, string];
  /** Stands in for the EKS cluster's control-plane security group. */
  controlPlaneSecurityGroupId: string;
  /** Stands in for the security group EKS makes for a cluster: all traffic among its members. */
  clusterSecurityGroupId: string;
}

/** Create a VPC 10.0.0.0/16, subnets 10.0.1.0/24 (us-east-1a) and 10.0.2.0/24 (us-east-1b), and a control-plane SG. */
export async function createNetwork(server: MotoServer, name = 'eksng-e2e'): Promise<Network> {
  const vpc = await aws<{ Vpc: { VpcId: string } }>(server, ['ec2', 'create-vpc', '--cidr-block', '10.0.0.0/16']);
  const vpcId = vpc.Vpc.VpcId;
  // Each aws CLI call costs ~1-1.5 s of Python startup, so run the independent ones side by side.
  const subnet = (i: number) =>
    aws<{ Subnet: { SubnetId: string } }>(server, [
      'ec2', 'create-subnet', '--vpc-id', vpcId, '--cidr-block', `10.0.${i + 1}.0/24`, '--availability-zone', MOTO_AZS[i],
    ]);
  const [a, b, sg, clusterSg] = await Promise.all([
    subnet(0),
    subnet(1),
    aws<{ GroupId: string }>(server, [
      'ec2', 'create-security-group', '--vpc-id', vpcId,
      '--group-name', `${name}-control-plane`, '--description', 'EKS control plane (e2e stand-in)',
    ]),
    aws<{ GroupId: string }>(server, [
      'ec2', 'create-security-group', '--vpc-id', vpcId,
      '--group-name', `${name}-cluster`, '--description', 'EKS cluster security group (e2e stand-in)',
    ]),
  ]);
  // As EKS makes it: all traffic from its own members.
  await aws(server, ['ec2', 'authorize-security-group-ingress', '--group-id', clusterSg.GroupId, '--ip-permissions', `IpProtocol=-1,UserIdGroupPairs=[{GroupId=${clusterSg.GroupId}}]`]);
  return {
    vpcId,
    subnetIds: [a.Subnet.SubnetId, b.Subnet.SubnetId],
    availabilityZones: [MOTO_AZS[0], MOTO_AZS[1]],
    controlPlaneSecurityGroupId: sg.GroupId,
    clusterSecurityGroupId: clusterSg.GroupId,
  };
}

/** Create an EC2 key pair (needed for `AWS::EC2::KeyPair::KeyName` parameters). */
export async function createKeyPair(server: MotoServer, name: string): Promise<void> {
  await aws(server, ['ec2', 'create-key-pair', '--key-name', name]);
}

/**
 * Store a String parameter in moto's SSM (e.g. an AMI id for an
 * `AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>` parameter). Names under `/aws/` are
 * reserved (moto answers AccessDeniedException), so use your own path.
 */
export async function putSsmParameter(server: MotoServer, name: string, value: string): Promise<void> {
  await aws(server, ['ssm', 'put-parameter', '--name', name, '--value', value, '--type', 'String', '--overwrite']);
}

// ---------------------------------------------------------------------------------------------
// CloudFormation

/** The interesting part of `describe-stacks` output. */
export interface Stack {
  StackName: string;
  StackId: string;
  StackStatus: string;
  StackStatusReason?: string;
  Parameters?: { ParameterKey: string; ParameterValue: string; ResolvedValue?: string }[];
  Outputs?: { OutputKey: string; OutputValue: string; Description?: string }[];
}

/** The create-stack / update-stack `--parameters file://...` format. */
export type CfnParameterList = { ParameterKey: string; ParameterValue: string }[];

export function toParameterList(values: Record<string, string | number>): CfnParameterList {
  return Object.entries(values).map(([ParameterKey, v]) => ({ ParameterKey, ParameterValue: String(v) }));
}

export async function describeStack(server: MotoServer, stackName: string): Promise<Stack> {
  const out = await aws<{ Stacks: Stack[] }>(server, ['cloudformation', 'describe-stacks', '--stack-name', stackName]);
  return out.Stacks[0];
}

/**
 * Poll describe-stacks (by name or stack id) until the stack leaves *_IN_PROGRESS. Resolves with
 * the stack if it ends in CREATE_COMPLETE / UPDATE_COMPLETE / DELETE_COMPLETE / IMPORT_COMPLETE;
 * otherwise throws with the status and any FAILED events.
 *
 * moto applies a stack synchronously inside create-stack / update-stack, so this normally returns
 * after one call. When a resource fails, moto makes the create-stack call itself fail (that error
 * is the useful one) and leaves the stack in CREATE_IN_PROGRESS for good, without rollback; a
 * later describe-stacks on it may even answer HTTP 500. This function then throws (error or
 * timeout), whereas `aws cloudformation wait stack-create-complete` would poll for up to an hour.
 */
export async function waitForStack(
  server: MotoServer,
  stackName: string,
  timeoutMs = 30_000,
): Promise<Stack> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stack = await describeStack(server, stackName);
    if (!stack.StackStatus.endsWith('_IN_PROGRESS')) {
      if (/^(CREATE|UPDATE|DELETE|IMPORT)_COMPLETE$/.test(stack.StackStatus)) return stack;
      const events = await aws<{ StackEvents: { LogicalResourceId: string; ResourceStatus: string; ResourceStatusReason?: string }[] }>(
        server, ['cloudformation', 'describe-stack-events', '--stack-name', stackName],
      );
      const failed = events.StackEvents.filter((e) => /FAILED/.test(e.ResourceStatus))
        .map((e) => `  ${e.LogicalResourceId} ${e.ResourceStatus}: ${e.ResourceStatusReason ?? ''}`);
      throw new Error(
        `stack ${stackName} ended in ${stack.StackStatus}${stack.StackStatusReason ? ` (${stack.StackStatusReason})` : ''}` +
          (failed.length ? `\n${failed.join('\n')}` : ''),
      );
    }
    if (Date.now() > deadline) throw new Error(`stack ${stackName} still ${stack.StackStatus} after ${timeoutMs} ms`);
    await sleep(500);
  }
}

/** Stack outputs as a plain map. */
export function outputsOf(stack: Stack): Record<string, string> {
  return Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
}

/**
 * LogicalResourceId -> PhysicalResourceId (from list-stack-resources). Use this rather than
 * Outputs for stacks made by `aws cloudformation deploy`: moto gives those no Outputs.
 */
export async function physicalIds(server: MotoServer, stackName: string): Promise<Record<string, string>> {
  const out = await aws<{ StackResourceSummaries: { LogicalResourceId: string; PhysicalResourceId: string }[] }>(
    server, ['cloudformation', 'list-stack-resources', '--stack-name', stackName],
  );
  // moto lists resource types it does not implement (e.g. AWS::EC2::SecurityGroupEgress) with empty ids.
  return Object.fromEntries(
    out.StackResourceSummaries.filter((r) => r.LogicalResourceId).map((r) => [r.LogicalResourceId, r.PhysicalResourceId]),
  );
}

/** delete-stack, then wait (by stack id: by name, a deleted stack "does not exist") for DELETE_COMPLETE. */
export async function deleteStack(server: MotoServer, stackName: string, timeoutMs = 30_000): Promise<void> {
  const { StackId } = await describeStack(server, stackName);
  await aws(server, ['cloudformation', 'delete-stack', '--stack-name', StackId]);
  await waitForStack(server, StackId, timeoutMs);
}
