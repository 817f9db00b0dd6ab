/** eksng migrate (issue 16): the blue/green plan and script, what they check, and what is refused. */
import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../src/cli';
import { loadConfig } from '../src/config';
import { ConfigInput, NodeGroupInput } from '../src/config/types';
import { ExitCode } from '../src/errors';
import { checkMigration } from '../src/migrate';
import { aConfig, captureContext } from './helpers';

const ROOT = path.join(__dirname, '..');
let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'eksng-migrate-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The walkthrough's group and a Graviton group to move it to, in one config. */
function walkthroughToGraviton(change: Partial<NodeGroupInput> = {}): ConfigInput {
  const input = JSON.parse(readFileSync(path.join(ROOT, 'templates', 'walkthrough.json'), 'utf8')) as ConfigInput;
  input.nodeGroups.push({ ...input.nodeGroups[0], name: 'workers-graviton', instanceType: 't4g.medium', ...change });
  return input;
}

async function migrate(input: ConfigInput, ...args: string[]) {
  const configFile = path.join(dir, 'nodegroup.json');
  writeFileSync(configFile, JSON.stringify(input, null, 2));
  const out = path.join(dir, 'out');
  expect(await main(['generate', '--no-lint', '--config', configFile, '--out', out], captureContext())).toBe(ExitCode.ok);
  const ctx = captureContext();
  const code = await main(['migrate', '--config', configFile, '--out', out, ...args], ctx);
  return { code, out, ctx };
}

const hasShellcheck = spawnSync('shellcheck', ['--version']).status === 0;

describe('eksng migrate: the walkthrough group to a new Graviton group', () => {
  it('writes the plan and a script whose steps come in the order the AWS guide gives, each guarded', async () => {
    const { code, out, ctx } = await migrate(walkthroughToGraviton(), '--from', 'workers', '--to', 'workers-graviton');
    expect(code).toBe(ExitCode.ok);
    expect(ctx.err()).toMatch(/^warning: \S*nodegroup\.json#\/nodeGroups\/1\/instanceType: is arm64, workers is x86_64/m);
    const script = readFileSync(path.join(out, 'migrate-workers-to-workers-graviton.sh'), 'utf8');
    const steps = script.split('\n').filter((l) => l.startsWith("step '")).map((l) => l.slice(6, 8));
    expect(steps).toEqual(['0.', '1.', '2.', '3.', '4.', '5.', '6.', '7.', '8.']);
    const at = (text: string) => {
      const i = script.indexOf(text);
      expect([text, i >= 0]).toEqual([text, true]);
      return i;
    };
    const order = [
      at('set -euo pipefail'),
      at('describe-stacks --region "$REGION" --stack-name "$OLD_STACK"'),
      at('aws cloudformation deploy --region us-east-1 --stack-name eksng-walkthrough-workers-graviton --template-file "$OUT"/nodegroup-workers-graviton.yaml --parameter-overrides file://"$OUT"/nodegroup-workers-graviton.overrides.json --capabilities CAPABILITY_NAMED_IAM'),
      at('eksng auth --config "$CONFIG" ${merge[@]+"${merge[@]}"} --out "$OUT/migrate-auth"'),
      at('kubectl get nodes -l "$LABEL=$NEW_GROUP" --no-headers'),
      at('--scaling-processes Launch AZRebalance'),
      at('kubectl taint nodes -l "$LABEL=$OLD_GROUP" "eksng.io/migrating-to=$NEW_GROUP:NoSchedule" --overwrite'),
      at('kubectl drain "$node" --ignore-daemonsets --delete-emptydir-data --timeout="$DRAIN_TIMEOUT" || fail'),
      at('aws cloudformation delete-stack --region "$REGION" --stack-name "$OLD_STACK"'),
      at('--remove "$OLD_GROUP"'),
    ];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // The nodes are told apart by the label every group's nodes now get.
    expect(script).toContain("readonly LABEL='eksng.io/nodegroup'");
    expect(readFileSync(path.join(out, 'nodegroup-workers-graviton.yaml'), 'utf8')).toContain('--node-labels=eksng.io/nodegroup=workers-graviton');
    const plan = readFileSync(path.join(out, 'migrate-workers-to-workers-graviton.md'), 'utf8');
    expect(plan).toContain('| nodes | t3.medium (x86_64), AmazonLinux2023, 1–3 nodes (desired 2) | t4g.medium (arm64), AmazonLinux2023, 1–3 nodes (desired 2) |');
    expect(plan).toContain('every image of the moving pods must have an arm64 variant');
  });

  it('gives a script bash parses and shellcheck passes', async () => {
    const { out } = await migrate(walkthroughToGraviton({ clusterAutoscaler: true }), '--from', 'workers', '--to', 'workers-graviton');
    const script = path.join(out, 'migrate-workers-to-workers-graviton.sh');
    execFileSync('bash', ['-n', script]);
    if (!hasShellcheck && process.env.CI === 'true') throw new Error('shellcheck is not installed (Debian package shellcheck); .ci/run installs it');
    if (hasShellcheck) expect(spawnSync('shellcheck', [script], { encoding: 'utf8' }).stdout).toBe('');
  });

  it('fetches every group\'s stack outputs for aws-auth when the account is not known, and keeps the old role file for the removal', async () => {
    const input = walkthroughToGraviton();
    delete input.cluster.accountId;
    const { out } = await migrate(input, '--from', 'workers', '--to', 'workers-graviton');
    const script = readFileSync(path.join(out, 'migrate-workers-to-workers-graviton.sh'), 'utf8');
    expect(script).toContain('--stack-outputs "$OUT/eksng-walkthrough-workers.json" --stack-outputs "$OUT/eksng-walkthrough-workers-graviton.json" --remove "$OLD_GROUP"');
    // Saved at step 0, before the old stack is deleted at step 7.
    expect(script.indexOf('--output json > "$OUT/$OLD_STACK.json"')).toBeLessThan(script.indexOf('delete-stack'));
  });

  it('leaves aws-auth alone in API mode (access entries)', async () => {
    const input = walkthroughToGraviton();
    input.cluster.authenticationMode = 'API';
    const { out } = await migrate(input, '--from', 'workers', '--to', 'workers-graviton');
    const script = readFileSync(path.join(out, 'migrate-workers-to-workers-graviton.sh'), 'utf8');
    expect(script).not.toContain('eksng auth');
    expect(script).toContain("step '2. The new nodes join through the access entry of their stack");
  });
});

describe('what migrate refuses', () => {
  const problems = (input: ConfigInput, from: string, to: string) => checkMigration(loadConfig(JSON.stringify(input)).config!, from, to).map((p) => `${p.severity}:${p.code}@${p.pointer}`);
  const two = (to: Partial<NodeGroupInput>, from: Partial<NodeGroupInput> = {}) => aConfig({ nodeGroups: [{ name: 'old', desiredCapacity: 4, maxSize: 6, ...from }, { name: 'new', ...to }] });

  it.each([
    ['a group the config does not have', two({}), 'old', 'gone', 'error:migrate.unknown-node-group@/nodeGroups'],
    ['a group to itself', two({}), 'old', 'old', 'error:migrate.same-group@/nodeGroups/0'],
    ['a new group smaller than the old one runs', two({ maxSize: 3 }), 'old', 'new', 'error:migrate.capacity@/nodeGroups/1/maxSize'],
    ['a new group without the old nodes\' labels', two({ maxSize: 5 }, { labels: { tier: 'web' } }), 'old', 'new', 'error:migrate.labels@/nodeGroups/1/labels'],
    ['a new group with a taint the old pods do not tolerate', two({ maxSize: 5, taints: [{ key: 'gpu', effect: 'NoSchedule' }] }), 'old', 'new', 'error:migrate.taints@/nodeGroups/1/taints'],
    ['a new group without the old taint', two({ maxSize: 5 }, { taints: [{ key: 'batch', effect: 'NoSchedule' }] }), 'old', 'new', 'error:migrate.taints@/nodeGroups/1/taints'],
    ['Linux to Windows', two({ maxSize: 5, amiFamily: 'WindowsServer2022Core' }), 'old', 'new', 'error:migrate.os@/nodeGroups/1/amiFamily'],
  ])('refuses %s', (_, input, from, to, expected) => {
    expect(problems(input, from, to)).toContain(expected);
  });

  it('takes a new group with the old labels and taints (more labels are fine)', () => {
    expect(problems(two({ maxSize: 5, labels: { tier: 'web', extra: 'x' }, taints: [{ key: 'batch', effect: 'NoSchedule' }] }, { labels: { tier: 'web' }, taints: [{ key: 'batch', effect: 'NoSchedule' }] }), 'old', 'new')).toEqual([]);
  });

  it('refuses through the CLI with exit 1 and the pointer, writing nothing', async () => {
    const { code, out, ctx } = await migrate(walkthroughToGraviton({ maxSize: 1, desiredCapacity: 1, minSize: 1 }), '--from', 'workers', '--to', 'workers-graviton');
    expect(code).toBe(ExitCode.invalid);
    expect(ctx.err()).toContain('nodegroup.json#/nodeGroups/1/maxSize: is 1, fewer nodes than workers runs (desiredCapacity 2)');
    expect(() => readFileSync(path.join(out, 'migrate-workers-to-workers-graviton.sh'))).toThrow();
  });
});
