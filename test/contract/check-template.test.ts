/** contractViolations / detectFamily: GIVEN a whole template WHEN checked THEN the family and the violations of its user data. */
import { EC2_USER_DATA_LIMIT, contractViolations, detectFamily, readTemplate } from './check-template';

function templateText(userData: string): string {
  return JSON.stringify({
    Parameters: { ClusterName: { Type: 'String', Default: 'my-cluster' } },
    Resources: { LT: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { UserData: { 'Fn::Base64': { 'Fn::Sub': userData } } } } } },
  });
}

const AL2 = "#!/bin/bash\n/etc/eks/bootstrap.sh '${ClusterName}'\n";

describe('detectFamily', () => {
  it.each([
    ['MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="//"\n\n--//\nContent-Type: application/node.eks.aws\n\nkind: NodeConfig\n--//--\n', 'AmazonLinux2023'],
    ['[settings.kubernetes]\ncluster-name = "x"\n', 'Bottlerocket'],
    ['#!/bin/bash\n/etc/eks/bootstrap.sh x\n', 'AmazonLinux2'],
    ['#!/bin/bash\necho hello\n', undefined],
  ])('GIVEN user data shaped like %j WHEN detected THEN %s', (userData, family) => {
    expect(detectFamily(userData)).toBe(family);
  });
});

describe('contractViolations', () => {
  it('GIVEN a valid AL2 template WHEN checked THEN [] and the family', async () => {
    expect(await contractViolations(templateText(AL2))).toEqual([]);
    expect((await readTemplate(templateText(AL2))).family).toBe('AmazonLinux2');
  });

  it('GIVEN an override WHEN checked THEN it is used for the substitution', async () => {
    expect(await contractViolations(templateText(AL2), { ClusterName: '' })).toEqual([
      'bootstrap.sh: line 2 /etc/eks/bootstrap.sh has no cluster name: bootstrap.sh exits 1 and the node never joins',
    ]);
  });

  it('GIVEN user data over 16 KB WHEN checked THEN EC2 refuses the launch', async () => {
    const big = `${AL2}# ${'x'.repeat(EC2_USER_DATA_LIMIT)}\n`;
    const size = Buffer.byteLength(big.replace('${ClusterName}', 'my-cluster'));
    expect(size).toBeGreaterThan(16384);
    expect(await contractViolations(templateText(big))).toEqual([`ec2: user data is ${size} bytes, over EC2's 16384: the launch fails`]);
  });

  it('GIVEN user data of no known family WHEN checked THEN the checker says it cannot vouch for it', async () => {
    const r = await readTemplate(templateText('#!/bin/bash\necho hello\n'));
    expect(r.violations.map((v) => `${v.program} ${v.code}`)).toEqual(['checker no-model']);
  });
});
