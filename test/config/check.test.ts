import { loadConfig } from '../../src/config';
import { aConfig } from '../helpers';

const check = (input: unknown) => loadConfig(JSON.stringify(input));
const codesAt = (input: unknown) => check(input).problems.map((p) => `${p.severity}:${p.code}@${p.pointer}`);

describe('checkConfig (rules across fields)', () => {
  it('accepts the default node group: min 1 ≤ desired 2 ≤ max 3', () => {
    const { config, problems } = check(aConfig());
    expect(problems).toEqual([]);
    expect(config?.nodeGroups[0]).toMatchObject({ minSize: 1, desiredCapacity: 2, maxSize: 3, instanceType: 't3.medium', volumeSize: 20 });
  });

  it('requires min ≤ desired ≤ max, naming the values', () => {
    const r = check(aConfig({ nodeGroup: { minSize: 2, desiredCapacity: 2, maxSize: 1 } }));
    expect(r.config).toBeNull();
    expect(r.problems).toEqual([expect.objectContaining({ code: 'rule.size-order', pointer: '/nodeGroups/0/maxSize', message: 'must be ≥ desiredCapacity (2), got 1' })]);
    expect(codesAt(aConfig({ nodeGroup: { minSize: 3, desiredCapacity: 2, maxSize: 4 } }))).toEqual(['error:rule.size-order@/nodeGroups/0/desiredCapacity']);
  });

  it('accepts a fixed-size group (minSize = maxSize, as eksctl writes when only desiredCapacity is given)', () => {
    expect(codesAt(aConfig({ nodeGroup: { minSize: 2, desiredCapacity: 2, maxSize: 2 } }))).toEqual([]);
  });

  it.each([
    [{ minInstancesInService: 3 }, 'error:rule.update-policy@/nodeGroups/0/updatePolicy/minInstancesInService'],
    [{ maxBatchSize: 4 }, 'error:rule.update-policy@/nodeGroups/0/updatePolicy/maxBatchSize'],
    [{ pauseTime: 'PT2H' }, 'error:rule.update-policy@/nodeGroups/0/updatePolicy/pauseTime'],
    [{ pauseTime: '2 minutes' }, 'error:schema.pattern@/nodeGroups/0/updatePolicy/pauseTime'],
  ])('refuses an update policy CloudFormation would refuse: %j', (updatePolicy, expected) => {
    expect(codesAt(aConfig({ nodeGroup: { minSize: 1, desiredCapacity: 2, maxSize: 3, updatePolicy } }))).toEqual([expected]);
  });

  it('refuses AmazonLinux2 from Kubernetes 1.33 on, accepts it on 1.32', () => {
    expect(codesAt(aConfig({ nodeGroup: { amiFamily: 'AmazonLinux2' } }))).toEqual(['error:rule.al2-version@/nodeGroups/0/amiFamily']);
    expect(codesAt(aConfig({ cluster: { kubernetesVersion: '1.32' }, nodeGroup: { amiFamily: 'AmazonLinux2' } }))).toEqual([]);
  });

  it.each([
    ['AmazonLinux2023', '1.14'],
    ['AmazonLinux2023', '1.21'],
    ['Bottlerocket', '1.21'],
    ['AmazonLinux2', '1.21'],
  ] as const)('refuses ami "auto" for %s on Kubernetes %s, which has no EKS-optimized AMI any more (issue 12, item 8)', (amiFamily, kubernetesVersion) => {
    const r = check(aConfig({ cluster: { kubernetesVersion }, nodeGroup: { amiFamily } }));
    expect(r.config).toBeNull();
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([expect.objectContaining({ code: 'rule.kubernetes-version', pointer: '/nodeGroups/0/ami', message: expect.stringContaining(`AMI for Kubernetes ${kubernetesVersion}`) })]);
  });

  it('accepts an old version with an AMI of your own, warning that EKS no longer supports it', () => {
    expect(codesAt(aConfig({ cluster: { kubernetesVersion: '1.21' }, nodeGroup: { ami: 'ami-0123456789abcdef0' } }))).toEqual(['warning:rule.kubernetes-version-unsupported@/cluster/kubernetesVersion']);
  });

  it('warns for a version past EKS extended support (as of the table\'s date, not today) and for one newer than the table', () => {
    expect(codesAt(aConfig({ cluster: { kubernetesVersion: '1.31' } }))).toEqual(['warning:rule.kubernetes-version-unsupported@/cluster/kubernetesVersion']);
    expect(codesAt(aConfig({ cluster: { kubernetesVersion: '1.37' } }))).toEqual(['warning:rule.kubernetes-version-unknown@/cluster/kubernetesVersion']);
    expect(codesAt(aConfig({ cluster: { kubernetesVersion: '1.99' } }))).toEqual(['error:rule.kubernetes-version@/cluster/kubernetesVersion']);
    expect(codesAt(aConfig({ cluster: { kubernetesVersion: '1.34' } }))).toEqual([]);
  });

  it('requires endpoint, CA and service CIDR for AmazonLinux2023, with the command that prints each', () => {
    const r = check(aConfig({ cluster: { endpoint: undefined, certificateAuthorityData: undefined, serviceCidr: undefined } }));
    expect(r.problems.map((p) => p.pointer)).toEqual(['/cluster/endpoint', '/cluster/certificateAuthorityData', '/cluster/serviceCidr']);
    expect(r.problems[0].message).toContain('aws eks describe-cluster --name test-cluster --region us-east-1 --query cluster.endpoint');
  });

  it('lets AmazonLinux2 discover the cluster but wants endpoint and CA together', () => {
    const al2 = { cluster: { kubernetesVersion: '1.32', serviceCidr: undefined }, nodeGroup: { amiFamily: 'AmazonLinux2' as const } };
    expect(codesAt(aConfig({ ...al2, cluster: { ...al2.cluster, endpoint: undefined, certificateAuthorityData: undefined } }))).toEqual([]);
    expect(codesAt(aConfig({ ...al2, cluster: { ...al2.cluster, certificateAuthorityData: undefined } }))).toEqual(['error:rule.endpoint-and-ca@/cluster/certificateAuthorityData']);
  });

  it('refuses SSH from 0.0.0.0/0 unless explicitly allowed, then warns', () => {
    const ssh = { keyName: 'k', sourceCidr: '0.0.0.0/0' };
    expect(codesAt(aConfig({ nodeGroup: { ssh } }))).toEqual(['error:rule.ssh-open-to-world@/nodeGroups/0/ssh/sourceCidr']);
    expect(codesAt(aConfig({ nodeGroup: { ssh: { ...ssh, allowOpenToWorld: true } } }))).toEqual(['warning:rule.ssh-open-to-world@/nodeGroups/0/ssh/sourceCidr']);
    expect(check(aConfig({ nodeGroup: { ssh: { ...ssh, allowOpenToWorld: true } } })).config).not.toBeNull();
  });

  it.each(['300.1.1.1/32', '10.0.0.0/33'])('refuses the impossible CIDR %s', (cidr) => {
    expect(codesAt(aConfig({ nodeGroup: { ssh: { keyName: 'k', sourceCidr: cidr } } }))).toEqual(['error:rule.cidr@/nodeGroups/0/ssh/sourceCidr']);
  });

  it.each(['8.8.0.0/16', '10.0.0.0/8', '10.100.0.0/25', '10.100.0.1/16'])('refuses %s as service CIDR', (cidr) => {
    expect(codesAt(aConfig({ cluster: { serviceCidr: cidr } }))).toEqual(['error:rule.service-cidr@/cluster/serviceCidr']);
  });

  it('refuses CA data that is not a base64 PEM certificate', () => {
    expect(codesAt(aConfig({ cluster: { certificateAuthorityData: Buffer.from('hello').toString('base64') } }))).toEqual(['error:rule.certificate-authority@/cluster/certificateAuthorityData']);
  });

  it('warns, without failing, about a single subnet', () => {
    const r = check(aConfig({ cluster: { subnetIds: ['subnet-0a1b2c3d4e5f60718'] } }));
    expect(r.config).not.toBeNull();
    expect(r.problems.map((p) => `${p.severity}:${p.code}`)).toEqual(['warning:rule.single-subnet']);
  });

  it('refuses node-group names that differ only in case', () => {
    expect(codesAt(aConfig({ nodeGroups: [{ name: 'Workers' }, { name: 'workers' }] }))).toEqual(['error:rule.duplicate-name@/nodeGroups/1/name']);
  });

  it('refuses a root volume smaller than the EKS AMI snapshot, but not for a custom AMI', () => {
    expect(codesAt(aConfig({ nodeGroup: { volumeSize: 8 } }))).toEqual(['error:rule.volume-size@/nodeGroups/0/volumeSize']);
    expect(codesAt(aConfig({ nodeGroup: { volumeSize: 8, ami: 'ami-0123456789abcdef0' } }))).toEqual([]);
  });
});
