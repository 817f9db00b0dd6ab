/**
 * `npm run bench`: how much eksng adds on top of its floors, measured in the same run.
 *
 *   generate            vs  cfn-lint alone on the same produced templates, one invocation
 *   generate --jobs 1   vs  the same (one cfn-lint process, as before parallel linting)
 *   generate --no-lint  vs  node -e ""  (bare Node.js start-up)
 *   2nd generate, nothing changed (lint cache)  vs  node -e ""
 *
 * for configs with 1, 10, 100 and 1,000 node groups, and 100 separate configs in one call.
 * `generate` splits the templates over cfn-lint processes by itself (src/lint/parallel.ts). Each
 * is run several times (BENCH_RUNS, default 5; 3 for the 100-template cases, 1 for 1,000); the
 * table shows the median and the spread (min–max), each generate paired with its cfn-lint run.
 * Peak memory is the largest resident set of the process tree (GNU time).
 * Not part of `npm test`: timings are measured, never asserted.
 */
import { execFileSync, spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'eksng.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

interface Sample {
  readonly seconds: number;
  readonly peakKiB: number | null;
}

/** Runs a command; wall time from Node, peak RSS from GNU time when available. */
function measure(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Sample {
  const report = path.join(os.tmpdir(), `eksng-bench-time-${process.pid}`);
  const [cmd, argv] = GNU_TIME ? [GNU_TIME, ['-f', '%M', '-o', report, command, ...args]] : [command, [...args]];
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0 && !(command === 'cfn-lint' && r.status !== null && (r.status & 1) === 0)) {
    throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  }
  const peakKiB = GNU_TIME ? Number(readFileSync(report, 'utf8').trim().split('\n').pop()) : null;
  return { seconds, peakKiB };
}

function stats(samples: readonly Sample[]): { median: number; min: number; max: number; peakKiB: number | null } {
  const s = samples.map((x) => x.seconds).sort((a, b) => a - b);
  const peaks = samples.map((x) => x.peakKiB).filter((p): p is number => p !== null);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1], peakKiB: peaks.length ? Math.max(...peaks) : null };
}

const CA = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIBbench\n-----END CERTIFICATE-----\n').toString('base64');

function config(name: string, nodeGroups: number): object {
  return {
    cluster: {
      name,
      kubernetesVersion: '1.33',
      accountId: '111122223333',
      vpcId: 'vpc-0a1b2c3d4e5f60718',
      subnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'],
      controlPlaneSecurityGroupId: 'sg-0a1b2c3d4e5f60718',
      endpoint: 'https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com',
      certificateAuthorityData: CA,
      serviceCidr: '10.100.0.0/16',
    },
    nodeGroups: Array.from({ length: nodeGroups }, (_, i) => ({ name: `ng-${i + 1}`, spot: i % 2 === 1, ...(i % 3 === 0 ? { ssh: { keyName: 'ops', sourceCidr: '203.0.113.0/24' } } : {}) })),
  };
}

function templatesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) found.push(...templatesUnder(p));
    else if (/^nodegroup-.*\.yaml$/.test(e)) found.push(p);
  }
  return found;
}

interface Scenario {
  readonly name: string;
  readonly configArgs: string[];
  readonly runs: number;
}

function main(): void {
  const work = mkdtempSync(path.join(os.tmpdir(), 'eksng-bench-'));
  const env = { ...process.env, XDG_CACHE_HOME: path.join(work, 'cache'), CI: 'true' };
  try {
    const scenarios: Scenario[] = [];
    for (const n of [1, 10, 100, 1000]) {
      const file = path.join(work, `ng${n}.json`);
      writeFileSync(file, JSON.stringify(config(`bench-${n}`, n)));
      scenarios.push({ name: `1 config, ${n} node group${n === 1 ? '' : 's'}`, configArgs: ['--config', file], runs: n >= 1000 ? 1 : n >= 100 ? Math.min(RUNS, 3) : RUNS });
    }
    const many = path.join(work, 'many');
    mkdirSync(many);
    for (let i = 1; i <= 100; i++) writeFileSync(path.join(many, `c${String(i).padStart(3, '0')}.json`), JSON.stringify(config(`bench-c${i}`, 1)));
    scenarios.push({ name: '100 configs, 1 node group each', configArgs: ['--config', many], runs: Math.min(RUNS, 3) });

    const cfnLintVersion = execFileSync('cfn-lint', ['--version'], { encoding: 'utf8' }).trim();
    const rows: string[][] = [];
    const node = () => measure(process.execPath, ['-e', ''], env);
    for (const s of scenarios) {
      const out = path.join(work, 'out');
      const generate: Sample[] = [];
      const oneProcess: Sample[] = [];
      const floor: Sample[] = [];
      const noLint: Sample[] = [];
      const bare: Sample[] = [];
      const cached: Sample[] = [];
      for (let i = 0; i < s.runs; i++) {
        rmSync(out, { recursive: true, force: true });
        rmSync(env.XDG_CACHE_HOME, { recursive: true, force: true });
        generate.push(measure(process.execPath, [BIN, 'generate', ...s.configArgs, '--out', out], env));
        rmSync(out, { recursive: true, force: true });
        rmSync(env.XDG_CACHE_HOME, { recursive: true, force: true });
        oneProcess.push(measure(process.execPath, [BIN, 'generate', '--jobs', '1', ...s.configArgs, '--out', out], env));
        // The floor: cfn-lint alone on exactly the templates generate produced, in one invocation.
        floor.push(measure('cfn-lint', ['--format', 'json', '--regions', 'us-east-1', '--', ...templatesUnder(out)], env));
        noLint.push(measure(process.execPath, [BIN, 'generate', '--no-lint', ...s.configArgs, '--out', out], env));
        bare.push(node());
        // generate above filled the lint cache; nothing changed since.
        cached.push(measure(process.execPath, [BIN, 'generate', ...s.configArgs, '--out', out], env));
      }
      const g = stats(generate);
      const one = stats(oneProcess);
      const f = stats(floor);
      const n = stats(noLint);
      const b = stats(bare);
      const c = stats(cached);
      const t = (x: { median: number; min: number; max: number }) => `${x.median.toFixed(2)} s (${x.min.toFixed(2)}–${x.max.toFixed(2)})`;
      rows.push([
        s.name,
        t(g),
        t(f),
        `${(g.median / f.median).toFixed(2)}×`,
        `${t(one)}, ${(one.median / f.median).toFixed(2)}×`,
        t(n),
        t(b),
        `${(n.median / b.median).toFixed(2)}×`,
        t(c),
        `${(c.median / b.median).toFixed(2)}×`,
        g.peakKiB === null ? 'n/a' : `${Math.round(g.peakKiB / 1024)} MiB`,
      ]);
    }
    const header = ['scenario', 'generate', 'cfn-lint alone', 'ratio', 'generate --jobs 1, ratio', 'generate --no-lint', 'node -e ""', 'ratio', '2nd generate (cached)', 'ratio to node', 'peak RSS'];
    const lines = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`);
    process.stdout.write(`eksng benchmark: ${os.cpus().length} CPUs, Node ${process.version}, ${cfnLintVersion}; median (min–max) of ${RUNS} runs (3 for 100 templates, 1 for 1,000)\n\n${lines.join('\n')}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
