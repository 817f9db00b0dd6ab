import { load } from 'js-yaml';
import { produceAwsAuth } from '../../src/aws-auth';
import { normalizeRoleArn } from '../../src/aws-auth/arn';
import { NODE_GROUPS, NODE_USERNAME } from '../../src/aws-auth/build';
import { checkRenderedAwsAuth } from '../../src/aws-auth/check';

/** Node roles that must be mapped, each with the Linux node groups. */
const nodes = (...arns: string[]) => new Map(arns.map((a) => [a, [...NODE_GROUPS]]));

const ROLE = 'arn:aws:iam::111122223333:role/NodeRole';
const role = (nodeGroup: string, arn: string) => ({ nodeGroup, arn });

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

describe('a fresh aws-auth ConfigMap', () => {
  it('maps each node role once with the node username and groups', () => {
    const { content } = produceAwsAuth([role('a', ROLE), role('b', 'arn:aws:iam::111122223333:role/Other'), role('c', ROLE)], [], null);
    const doc = load(content) as any;
    expect(doc.metadata).toEqual({ name: 'aws-auth', namespace: 'kube-system' });
    expect(load(doc.data.mapRoles)).toEqual([
      { rolearn: ROLE, username: NODE_USERNAME, groups: [...NODE_GROUPS] },
      { rolearn: 'arn:aws:iam::111122223333:role/Other', username: 'system:node:{{EC2PrivateDNSName}}', groups: ['system:bootstrappers', 'system:nodes'] },
    ]);
    expect(content).toContain('username: system:node:{{EC2PrivateDNSName}}');
    expect(content).toMatch(/^# CAUTION: kubectl apply replaces the whole aws-auth ConfigMap/m);
  });

  it('has a strict schema that catches a wrong name, a path in a role ARN and a missing group', () => {
    const good = produceAwsAuth([role('a', ROLE)], [], null).content;
    expect(checkRenderedAwsAuth(good, nodes(ROLE), null)).toEqual([]);
    expect(checkRenderedAwsAuth(good.replace('name: aws-auth', 'name: aws-auth2'), nodes(ROLE), null).map((p) => p.pointer)).toEqual(['/metadata/name']);
    expect(checkRenderedAwsAuth(good.replace('role/NodeRole', 'role/team/NodeRole'), nodes(ROLE), null).map((p) => p.pointer)).toEqual(['/data/mapRoles/0/rolearn']);
    expect(checkRenderedAwsAuth(good.replace(/ {8}- system:bootstrappers\n {8}- system:nodes\n/, ''), nodes(ROLE), null).map((p) => p.pointer)).toEqual(['/data/mapRoles/0/groups']);
    expect(checkRenderedAwsAuth(good, nodes(ROLE, 'arn:aws:iam::111122223333:role/Missing'), null).map((p) => p.code)).toEqual(['aws-auth.role-missing']);
  });
});
