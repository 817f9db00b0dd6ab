/**
 * Property tests: for random existing ConfigMaps (as kubectl prints them, YAML or JSON) and random
 * node roles, every original entry survives in order, each node role is mapped exactly once, and
 * merging again gives the same bytes.
 */
import fc from 'fast-check';
import { dump, load } from 'js-yaml';
import { produceAwsAuth } from '../../src/aws-auth';
import { readCurrentAwsAuth } from '../../src/aws-auth/current';

const account = fc.constantFrom('111122223333', '444455556666');
const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9+=,.@_-]{0,20}$/);
const roleArn = fc.tuple(account, fc.option(fc.constantFrom('team/', 'aws-reserved/sso.amazonaws.com/'), { nil: '' }), name).map(([a, p, n]) => `arn:aws:iam::${a}:role/${p}${n}`);
const groups = fc.uniqueArray(fc.constantFrom('system:masters', 'system:bootstrappers', 'system:nodes', 'view', 'dev', 'eks:kube-proxy-windows'), { maxLength: 3 });
const roleEntry = fc.record({ rolearn: roleArn, username: fc.constantFrom('admin', 'system:node:{{EC2PrivateDNSName}}', 'ci:{{SessionName}}'), groups });
const userEntry = fc.record({ userarn: name.map((n) => `arn:aws:iam::111122223333:user/${n}`), username: name, groups });

const configMap = fc.record({
  mapRoles: fc.array(roleEntry, { maxLength: 6 }),
  mapUsers: fc.option(fc.array(userEntry, { maxLength: 3 }), { nil: undefined }),
  mapAccounts: fc.option(fc.constant('- "444455556666"\n'), { nil: undefined }),
  extra: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
  serverMetadata: fc.boolean(),
  json: fc.boolean(),
});

const nodeRoles = fc.uniqueArray(name.map((n) => `arn:aws:iam::111122223333:role/${n}-NodeRole`), { minLength: 1, maxLength: 3 });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the generated record, mutated by the tests
function render(c: any): string {
  const data: Record<string, string> = {};
  if (c.mapAccounts !== undefined) data.mapAccounts = c.mapAccounts;
  data.mapRoles = dump(c.mapRoles);
  if (c.mapUsers !== undefined) data.mapUsers = dump(c.mapUsers);
  if (c.extra !== undefined) data.extra = c.extra;
  const metadata: Record<string, unknown> = { name: 'aws-auth', namespace: 'kube-system' };
  if (c.serverMetadata) Object.assign(metadata, { resourceVersion: '1', uid: 'u', creationTimestamp: '2025-01-01T00:00:00Z', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } });
  const doc = { apiVersion: 'v1', kind: 'ConfigMap', metadata, data };
  return c.json ? JSON.stringify(doc, null, 4) : dump(doc);
}

function read(text: string) {
  const r = readCurrentAwsAuth(text);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.current;
}

describe('merge properties', () => {
  it('keeps every entry, maps each node role once, and is idempotent', () => {
    fc.assert(
      fc.property(configMap, nodeRoles, fc.boolean(), (c, roles, seed) => {
        // Sometimes one node role is already in the ConfigMap, as a node or with other groups.
        if (seed && c.mapRoles.length > 0) c.mapRoles[0] = { ...c.mapRoles[0], rolearn: roles[0] };
        // Node roles are mapped once by construction of the input: no duplicates of them up front.
        c.mapRoles = c.mapRoles.filter((e: any, i: number) => !roles.includes(e.rolearn) || c.mapRoles.findIndex((x: any) => x.rolearn === e.rolearn) === i);
        const text = render(c);
        const keep = roles.map((arn, i) => ({ nodeGroup: `ng-${i}`, arn }));
        const first = produceAwsAuth(keep, [], { awsAuth: read(text), file: 'current.yaml' });
        const doc = load(first.content) as any;
        const merged = (load(doc.data.mapRoles) as any[]) ?? [];
        // every original entry survives, in order, at the front
        expect(merged.slice(0, c.mapRoles.length)).toEqual(c.mapRoles);
        // each node role exactly once
        for (const arn of roles) expect(merged.filter((e) => e.rolearn === arn)).toHaveLength(1);
        // other keys untouched
        if (c.mapUsers !== undefined) expect(load(doc.data.mapUsers)).toEqual(c.mapUsers);
        if (c.mapAccounts !== undefined) expect(doc.data.mapAccounts).toBe(c.mapAccounts);
        if (c.extra !== undefined) expect(doc.data.extra).toBe(c.extra);
        expect(doc.metadata).toEqual({ name: 'aws-auth', namespace: 'kube-system' });
        // idempotent
        expect(produceAwsAuth(keep, [], { awsAuth: read(first.content), file: 'current.yaml' }).content).toBe(first.content);
      }),
      { numRuns: 300, seed: 20261128 },
    );
  });

  it('removing a node group removes only its entries and keeps everything else', () => {
    fc.assert(
      fc.property(configMap, nodeRoles, (c, roles) => {
        const gone = 'arn:aws:iam::111122223333:role/gone-NodeRole';
        c.mapRoles = [...c.mapRoles.filter((e: any) => e.rolearn !== gone && !roles.includes(e.rolearn)), { rolearn: gone, username: 'system:node:{{EC2PrivateDNSName}}', groups: ['system:bootstrappers', 'system:nodes'] }];
        const keep = roles.map((arn, i) => ({ nodeGroup: `ng-${i}`, arn }));
        const result = produceAwsAuth(keep, [{ nodeGroup: 'gone', arn: gone }], { awsAuth: read(render(c)), file: 'current.yaml' });
        const merged = load((load(result.content) as any).data.mapRoles) as any[];
        expect(merged.map((e) => e.rolearn)).not.toContain(gone);
        expect(merged.slice(0, c.mapRoles.length - 1)).toEqual(c.mapRoles.slice(0, -1));
      }),
      { numRuns: 200, seed: 20261129 },
    );
  });
});
