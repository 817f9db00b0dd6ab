/**
 * The warm-pool gate, run: the AmazonLinux2023 user data's last shell part (read out of the
 * generated template with the MIME reader, Fn::Sub resolved as CloudFormation does) is executed by
 * bash against a local instance-metadata server. It must keep waiting while the instance is
 * `Warmed:*` (nodeadm joins only after it returns) and return once it is in service.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { resolveConfig } from '../../src/config/resolve';
import { buildNodeGroupTemplate } from '../../src/template';
import { readMime } from '../contract/mime';
import { userDataOf } from '../contract/substitute';
import { aConfig } from '../helpers';

const IMDS = 'imds=http://169.254.169.254';
const INTERVAL = 'interval=5';
const hasShellcheck = spawnSync('shellcheck', ['--version']).status === 0;

async function gateScript(): Promise<string> {
  const config = resolveConfig(aConfig({ nodeGroup: { instanceType: 'm6i.large', warmPool: { minSize: 1 } } }));
  const template = buildNodeGroupTemplate(config, config.nodeGroups[0]).template;
  const parts = (await readMime(userDataOf(template))).parts;
  const last = parts[parts.length - 1];
  expect(last.contentType).toBe('text/x-shellscript');
  return last.body.toString('utf8');
}

/** A metadata server answering the token call and the lifecycle state from `answers`, one per request (the last repeats). */
async function imds(answers: Array<[number, string]>, tokenFailures = 0): Promise<{ server: Server; port: number; reads: () => number }> {
  let reads = 0;
  let tokens = 0;
  const server = createServer((req, res) => {
    if (req.method === 'PUT' && req.url === '/latest/api/token') {
      tokens++;
      if (tokens <= tokenFailures) return void res.writeHead(500).end();
      return void res.writeHead(200).end('token-1');
    }
    if (req.url === '/latest/meta-data/autoscaling/target-lifecycle-state' && req.headers['x-aws-ec2-metadata-token'] === 'token-1') {
      const [status, body] = answers[Math.min(reads, answers.length - 1)];
      reads++;
      return void res.writeHead(status).end(body);
    }
    res.writeHead(401).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, reads: () => reads };
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  /** Still waiting when the test gave up (the node has not joined). */
  readonly waiting: boolean;
}

async function run(script: string, port: number, waitMs: number): Promise<Run> {
  expect(script.split('\n').filter((l) => l === IMDS || l === INTERVAL)).toHaveLength(2);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'eksng-gate-'));
  const file = path.join(dir, 'gate.sh');
  writeFileSync(file, script.replace(IMDS, `imds=http://127.0.0.1:${port}`).replace(INTERVAL, 'interval=0.05'));
  try {
    const child: ChildProcess = spawn('bash', [file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout!.on('data', (d) => (stdout += d));
    const code = await new Promise<number | null | 'timeout'>((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), waitMs);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    if (code === 'timeout') {
      child.kill('SIGKILL');
      return { code: null, stdout, waiting: true };
    }
    return { code, stdout, waiting: false };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the warm-pool gate in AmazonLinux2023 user data', () => {
  it('is a script bash parses and shellcheck passes, with no config value in it', async () => {
    const script = await gateScript();
    expect(spawnSync('bash', ['-n'], { input: script }).status).toBe(0);
    if (!hasShellcheck && process.env.CI === 'true') throw new Error('shellcheck is not installed (Debian package shellcheck); .ci/run installs it');
    if (hasShellcheck) expect(spawnSync('shellcheck', ['-s', 'bash', '-'], { input: script, encoding: 'utf8' }).stdout).toBe('');
    expect(script).not.toContain('test-cluster');
  });

  it('waits while the instance is warmed and returns once the group puts it in service', async () => {
    const { server, port, reads } = await imds([[200, 'Warmed:Pending'], [200, 'Warmed:Running'], [200, 'Warmed:Running'], [200, 'InService']]);
    try {
      const r = await run(await gateScript(), port, 10_000);
      expect(r).toEqual({ code: 0, stdout: 'eksng: Warmed:Pending in the warm pool; the node joins when put in service\n', waiting: false });
      expect(reads()).toBe(4);
    } finally {
      server.close();
    }
  });

  it('keeps a stopped-pool instance out of the cluster for as long as it stays warmed', async () => {
    const { server, port, reads } = await imds([[200, 'Warmed:Stopped']]);
    try {
      const r = await run(await gateScript(), port, 1_500);
      expect(r.waiting).toBe(true);
      expect(reads()).toBeGreaterThan(3);
    } finally {
      server.close();
    }
  });

  it('retries when the metadata service fails, and lets an instance outside any group (404) join at once', async () => {
    const flaky = await imds([[503, ''], [200, 'InService']], 2);
    try {
      expect(await run(await gateScript(), flaky.port, 10_000)).toMatchObject({ code: 0, waiting: false });
      expect(flaky.reads()).toBe(2);
    } finally {
      flaky.server.close();
    }
    const outside = await imds([[404, 'Not Found']]);
    try {
      expect(await run(await gateScript(), outside.port, 10_000)).toMatchObject({ code: 0, waiting: false });
      expect(outside.reads()).toBe(1);
    } finally {
      outside.server.close();
    }
  });
});
