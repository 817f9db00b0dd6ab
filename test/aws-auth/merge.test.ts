/**
 * Merging into real-world ConfigMaps. test/fixtures/aws-auth/<case>/ holds current.yaml (or .json)
 * as kubectl prints it, an optional case.json ({keep, remove} node roles; default: one node role),
 * and the golden merged.yaml + report.json (UPDATE_GOLDEN=1 rewrites them). Adding a folder adds a
 * test. Refusals: one file per case in test/fixtures/aws-auth-invalid/.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { load } from 'js-yaml';
import { NodeRole, produceAwsAuth } from '../../src/aws-auth';
import { readCurrentAwsAuth } from '../../src/aws-auth/current';
import { main } from '../../src/cli';
import { ExitCode } from '../../src/errors';
import { renderJson } from '../../src/render';
import { aConfig, captureContext } from '../helpers';

const FIXTURES = path.join(__dirname, '../fixtures/aws-auth');
const INVALID = path.join(__dirname, '../fixtures/aws-auth-invalid');
const DEFAULT_CASE = { keep: [{ nodeGroup: 'workers', arn: 'arn:aws:iam::111122223333:role/prod-workers-NodeRole' }], remove: [] as NodeRole[] };

function read(text: string) {
  const r = readCurrentAwsAuth(text);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.current;
}

function mapRolesOf(text: string): any[] {
  return (load(((load(text) as any).data?.mapRoles as string) ?? '[]') as any[]) ?? [];
}

describe.each(readdirSync(FIXTURES).sort())('merging into %s', (name) => {
  const dir = path.join(FIXTURES, name);
  const input = readdirSync(dir).find((f) => f.startsWith('current.'))!;
  const text = readFileSync(path.join(dir, input), 'utf8');
  const c = existsSync(path.join(dir, 'case.json')) ? (JSON.parse(readFileSync(path.join(dir, 'case.json'), 'utf8')) as typeof DEFAULT_CASE) : DEFAULT_CASE;
  const current = read(text);
  const result = produceAwsAuth(c.keep, c.remove, { awsAuth: current, file: input });

  it('gives the golden output and report', () => {
    const report = renderJson(result.report);
    if (process.env.UPDATE_GOLDEN) {
      writeFileSync(path.join(dir, 'merged.yaml'), result.content);
      writeFileSync(path.join(dir, 'report.json'), report);
    }
    expect(result.content).toBe(readFileSync(path.join(dir, 'merged.yaml'), 'utf8'));
    expect(report).toBe(readFileSync(path.join(dir, 'report.json'), 'utf8'));
  });

  it('keeps every original entry and data key, in order, and drops server-managed metadata', () => {
    const before = mapRolesOf(text);
    const removed = new Set(c.remove.map((r) => r.arn));
    // An entry that gained a group (the Windows group) is compared without it: nothing else may change.
    const gained = new Map(result.report.gainedGroups.map((g) => [g.arn, g.groups]));
    const after = mapRolesOf(result.content).map((e) => (gained.has(e.rolearn) ? { ...e, groups: e.groups.filter((g: string) => !gained.get(e.rolearn)!.includes(g)) } : e));
    expect(after.filter((e) => before.some((b) => JSON.stringify(b) === JSON.stringify(e)))).toEqual(before.filter((e) => !removed.has(e.rolearn)));
    const doc = load(result.content) as any;
    const original = load(text) as any;
    for (const key of Object.keys(original.data ?? {})) if (key !== 'mapRoles') expect([key, doc.data[key]]).toEqual([key, original.data[key]]);
    for (const gone of ['resourceVersion', 'uid', 'creationTimestamp', 'managedFields']) expect(doc.metadata[gone]).toBeUndefined();
    expect(doc.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBeUndefined();
    expect(doc.metadata.labels).toEqual(original.metadata.labels);
  });

  it('maps every node role', () => {
    const arns = mapRolesOf(result.content).map((e) => e.rolearn);
    for (const r of c.keep) expect(arns).toContain(r.arn);
  });

  it('gives the same bytes when merged again', () => {
    const again = produceAwsAuth(c.keep, c.remove, { awsAuth: read(result.content), file: input });
    expect(again.content).toBe(result.content);
    expect(again.report.added).toEqual([]);
    expect(again.report.removed).toEqual([]);
  });
});

describe('special cases of the corpus', () => {
  const merge = (name: string) => {
    const dir = path.join(FIXTURES, name);
    const input = readdirSync(dir).find((f) => f.startsWith('current.'))!;
    const text = readFileSync(path.join(dir, input), 'utf8');
    return { text, ...produceAwsAuth(DEFAULT_CASE.keep, [], { awsAuth: read(text), file: input }) };
  };

  it('leaves the mapRoles text byte for byte when the node role is already there', () => {
    const { text, content, report } = merge('node-role-already-present');
    expect(report).toMatchObject({ added: [], present: [DEFAULT_CASE.keep[0].arn], warnings: [] });
    expect((load(content) as any).data.mapRoles).toBe((load(text) as any).data.mapRoles);
  });

  it('reports, and never rewrites, an entry for the node role with other groups', () => {
    const { content, report } = merge('node-role-with-other-groups');
    expect(report.warnings).toEqual([expect.objectContaining({ code: 'aws-auth.not-a-node-entry', severity: 'warning', pointer: '/data/mapRoles/0', message: expect.stringMatching(/already maps .*prod-workers-NodeRole.*monitoring-agents.*kept as it is/) })]);
    expect(mapRolesOf(content)).toHaveLength(1);
    expect(mapRolesOf(content)[0].groups).toContain('monitoring-agents');
  });

  it('keeps comments and spacing when it only appends', () => {
    const { content } = merge('comments-and-odd-spacing');
    const mapRoles = (load(content) as any).data.mapRoles as string;
    expect(mapRoles).toContain('# platform admins (ticket OPS-123)');
    expect(mapRoles).toContain('groups: [system:masters]');
    expect(mapRoles.trimEnd().endsWith('- system:nodes')).toBe(true);
  });

  it('adds the path-less role next to a dead entry that carries an IAM path, and says why', () => {
    const { report } = merge('path-form-entry');
    expect(report.added).toEqual([DEFAULT_CASE.keep[0].arn]);
    expect(report.warnings).toEqual([expect.objectContaining({ code: 'aws-auth.role-path', message: expect.stringMatching(/has an IAM path, so aws-auth never matches it/) })]);
  });

  it('keeps duplicates someone else made, without adding another', () => {
    const { content, report } = merge('duplicates-from-repeated-runs');
    expect(report.added).toEqual([]);
    expect(mapRolesOf(content)).toHaveLength(2);
    expect(report.warnings).toEqual([expect.objectContaining({ code: 'aws-auth.duplicate-entry', message: expect.stringMatching(/more than one entry/) })]);
  });
});

describe('removing a node group', () => {
  const text = readFileSync(path.join(FIXTURES, 'remove-one-node-group/current.yaml'), 'utf8');
  const workers = { nodeGroup: 'workers', arn: 'arn:aws:iam::111122223333:role/prod-workers-NodeRole' };
  const batch = { nodeGroup: 'batch', arn: 'arn:aws:iam::111122223333:role/prod-batch-NodeRole' };

  it('removes its entry only', () => {
    const { content, report } = produceAwsAuth([workers], [batch], { awsAuth: read(text), file: 'current.yaml' });
    expect(report.removed).toEqual([batch.arn]);
    expect(mapRolesOf(content).map((e) => e.rolearn)).toEqual(['arn:aws:iam::111122223333:role/admins', workers.arn]);
  });

  it('keeps a role another node group of the config still uses', () => {
    const shared = { nodeGroup: 'batch', arn: workers.arn };
    const { content, report } = produceAwsAuth([workers], [shared], { awsAuth: read(text), file: 'current.yaml' });
    expect(report.removed).toEqual([]);
    expect(report.stillNeeded).toEqual([expect.stringContaining('batch')]);
    expect(mapRolesOf(content).map((e) => e.rolearn)).toContain(workers.arn);
  });
});

describe.each(readdirSync(INVALID).sort())('refuses %s', (file) => {
  it('with a pointer and a reason', () => {
    const r = readCurrentAwsAuth(readFileSync(path.join(INVALID, file), 'utf8'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.length).toBeGreaterThan(0);
    const expected: Record<string, RegExp> = {
      'wrong-name.yaml': /^\/metadata\/name$/,
      'wrong-namespace.yaml': /^\/metadata\/namespace$/,
      'not-a-configmap.yaml': /^\/kind$/,
      'a-list.yaml': /^(\/kind|\/metadata)$/,
      'map-roles-not-a-list.yaml': /^\/data\/mapRoles$/,
      'entry-without-username.yaml': /^\/data\/mapRoles\/0\/username$/,
      'instance-profile-arn.yaml': /^\/data\/mapRoles\/0\/rolearn$/,
      'typo-in-entry-key.yaml': /^\/data\/mapRoles\/0\/(rolarn|rolearn)$/,
      'map-users-malformed.yaml': /^\/data\/mapUsers\/0\/userarn$/,
      'map-roles-bad-yaml.yaml': /^\/data\/mapRoles$/,
      'not-yaml.yaml': /^$/,
      'billion-laughs.yaml': /^$/,
    };
    expect(expected[file]).toBeDefined();
    for (const p of r.problems) expect([p.pointer, expected[file].test(p.pointer)]).toEqual([p.pointer, true]);
    if (file === 'instance-profile-arn.yaml') expect(r.problems[0].message).toMatch(/instance-profile ARN never matches/);
    if (file === 'billion-laughs.yaml') expect(r.problems[0].message).toMatch(/more than 100 alias expansions/);
    if (file === 'typo-in-entry-key.yaml') expect(r.problems.map((p) => p.message).join()).toMatch(/unknown field "rolarn" \(did you mean "rolearn"\?\)/);
  });
});

describe('an empty --merge-with file (kubectl printed nothing)', () => {
  // Refused, not read as "no aws-auth yet": kubectl prints nothing when it fails, and a merge into
  // nothing would drop every mapping the cluster has.
  it.each([
    ['an empty file', ''],
    ['blank lines', '\n  \n'],
    ['only comments and a document marker', '# kubectl get configmap aws-auth -n kube-system -o yaml\n---\n'],
  ])('%s: aws-auth.empty, saying what it must hold and when to leave out --merge-with', (_, text) => {
    const r = readCurrentAwsAuth(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.code, p.pointer])).toEqual([['aws-auth.empty', '']]);
    const [{ message }] = r.problems;
    expect(message).toMatch(/^is empty: /);
    expect(message).toContain('kubectl get configmap aws-auth -n kube-system -o yaml');
    expect(message).toContain('leave out --merge-with');
    expect(message).not.toMatch(/undefined|got null/);
  });

  it('a document that is null is not empty: the schema says what it is', () => {
    const r = readCurrentAwsAuth('null\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.code, p.pointer])).toEqual([['schema.type', '']]);
    expect(r.problems[0].message).toMatch(/^must be an object, got null \(expected the ConfigMap aws-auth/);
  });

  it('/dev/null through the CLI: the same refusal, exit 1, nothing written', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'eksng-merge-empty-'));
    try {
      const config = path.join(dir, 'nodegroup.json');
      writeFileSync(config, JSON.stringify(aConfig()));
      const ctx = captureContext();
      const args = ['auth', '--config', config, '--role-arn', 'ng-1=arn:aws:iam::111122223333:role/NodeRole', '--merge-with', '/dev/null', '--out', path.join(dir, 'out')];
      expect(await main(args, ctx)).toBe(ExitCode.invalid);
      expect(ctx.err()).toMatch(/^\/dev\/null: is empty: expected the ConfigMap aws-auth in kube-system/m);
      expect(ctx.err()).toContain('leave out --merge-with');
      expect(existsSync(path.join(dir, 'out'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a number YAML reads as infinity in the ConfigMap', () => {
  it('is named as written, with its pointer, inside the mapRoles string too', () => {
    const top = readCurrentAwsAuth('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: 1e400\n');
    expect(top.ok).toBe(false);
    if (top.ok) return;
    expect(top.problems.map((p) => [p.code, p.pointer])).toEqual([['schema.type', '/data/mapRoles']]);
    expect(top.problems[0].message).toMatch(/^must be a string, got 1e400, a number too large to represent/);

    const inner = readCurrentAwsAuth('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n    - rolearn: .inf\n      username: system:node:{{EC2PrivateDNSName}}\n      groups: [system:nodes]\n');
    expect(inner.ok).toBe(false);
    if (inner.ok) return;
    expect(inner.problems.map((p) => [p.code, p.pointer])).toEqual([['schema.type', '/data/mapRoles/0/rolearn']]);
    expect(inner.problems[0].message).toMatch(/^must be a string, got \.inf, a number too large to represent \(inside the mapRoles string\)/);
  });
});
