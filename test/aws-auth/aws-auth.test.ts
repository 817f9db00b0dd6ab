import { load } from 'js-yaml';
import { normalizeRoleArn } from '../../src/aws-auth/arn';
import { buildAwsAuth, NODE_GROUPS, NODE_USERNAME, renderAwsAuth } from '../../src/aws-auth/build';
import { checkRenderedAwsAuth } from '../../src/aws-auth/check';

const ROLE = 'arn:aws:iam::111122223333:role/NodeRole';

describe('normalizeRoleArn', () => {
  it('accepts a role ARN as is', () => {
    expect(normalizeRoleArn(ROLE, 'aws')).toEqual({ ok: true, arn: ROLE, strippedPath: null });
  });

  it('removes the IAM path and says which', () => {
    expect(normalizeRoleArn('arn:aws:iam::111122223333:role/team/x/NodeRole', 'aws')).toEqual({ ok: true, arn: ROLE, strippedPath: '/team/x/' });
  });

  it('refuses an instance-profile ARN and explains how to get the role', () => {
    const r = normalizeRoleArn('arn:aws:iam::111122223333:instance-profile/NodeProfile', 'aws');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/instance-profile ARN; aws-auth needs the role ARN.*get-instance-profile --instance-profile-name NodeProfile/);
  });

  it.each(['arn:aws-cn:iam::111122223333:role/NodeRole', 'not-an-arn', 'arn:aws:iam::1111:role/x', 'arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::111122223333:role/a b'])('refuses %s for a cluster in partition aws', (arn) => {
    expect(normalizeRoleArn(arn, 'aws').ok).toBe(false);
  });

  it('accepts ARNs of the cluster’s own partition', () => {
    expect(normalizeRoleArn('arn:aws-us-gov:iam::111122223333:role/R', 'aws-us-gov').ok).toBe(true);
  });
});

describe('aws-auth ConfigMap', () => {
  it('maps each node role once with the node username and groups', () => {
    const cm = buildAwsAuth([ROLE, 'arn:aws:iam::111122223333:role/Other', ROLE]);
    expect(cm.metadata).toEqual({ name: 'aws-auth', namespace: 'kube-system' });
    expect(load(cm.data.mapRoles)).toEqual([
      { rolearn: ROLE, username: NODE_USERNAME, groups: [...NODE_GROUPS] },
      { rolearn: 'arn:aws:iam::111122223333:role/Other', username: 'system:node:{{EC2PrivateDNSName}}', groups: ['system:bootstrappers', 'system:nodes'] },
    ]);
  });

  it('renders YAML that reads back to the same object and passes its strict schema', () => {
    const cm = buildAwsAuth([ROLE]);
    const text = renderAwsAuth(cm);
    expect(load(text)).toEqual(cm);
    expect(text).toContain('username: system:node:{{EC2PrivateDNSName}}');
    expect(checkRenderedAwsAuth(text)).toEqual([]);
  });

  it('has a strict schema that catches a wrong name, a path in a role ARN and a missing group', () => {
    const good = renderAwsAuth(buildAwsAuth([ROLE]));
    expect(checkRenderedAwsAuth(good.replace('name: aws-auth', 'name: aws-auth2')).map((p) => p.pointer)).toEqual(['/metadata/name']);
    expect(checkRenderedAwsAuth(good.replace('role/NodeRole', 'role/team/NodeRole')).map((p) => p.pointer)).toEqual(['/data/mapRoles/0/rolearn']);
    expect(checkRenderedAwsAuth(good.replace(/ {8}- system:bootstrappers\n {8}- system:nodes\n/, '')).map((p) => p.pointer)).toEqual(['/data/mapRoles/0/groups']);
  });
});
