/** updatePolicy.waitForNodes (issue 16): updates that wait for nodes whose kubelet reports healthy. */
import { loadConfig } from '../../src/config';
import { resolveConfig } from '../../src/config/resolve';
import { ConfigInput, NodeGroupInput } from '../../src/config/types';
import { buildOutputs } from '../../src/outputs';
import { buildNodeGroupTemplate } from '../../src/template';
import { contractViolations } from '../contract/check-template';
import { aConfig } from '../helpers';

type Json = any;
const waiting = (ng: Partial<NodeGroupInput> = {}): ConfigInput => aConfig({ cluster: { kubernetesVersion: '1.32' }, nodeGroup: { ...ng, updatePolicy: { waitForNodes: true, ...ng.updatePolicy } } });
const template = (input: ConfigInput): Json => {
  const config = resolveConfig(input);
  return buildNodeGroupTemplate(config, config.nodeGroups[0]).template;
};
const userData = (input: ConfigInput): string => template(input).Resources.NodeLaunchTemplate.Properties.LaunchTemplateData.UserData['Fn::Base64']['Fn::Sub'];
const codes = (input: ConfigInput) => loadConfig(JSON.stringify(input)).problems.map((p) => `${p.severity}:${p.code}@${p.pointer}`);

describe('updatePolicy.waitForNodes', () => {
  it('makes the rolling update and the creation wait for one signal per node, with pauseTime (default PT15M) as the wait', () => {
    const asg = template(waiting()).Resources.NodeGroup;
    expect(asg.UpdatePolicy.AutoScalingRollingUpdate).toMatchObject({ WaitOnResourceSignals: true, PauseTime: 'PT15M' });
    expect(asg.CreationPolicy).toEqual({ ResourceSignal: { Count: { Ref: 'NodeAutoScalingGroupDesiredCapacity' }, Timeout: 'PT15M' } });
    expect(template(waiting({ updatePolicy: { pauseTime: 'PT8M' } })).Resources.NodeGroup.CreationPolicy.ResourceSignal.Timeout).toBe('PT8M');
    // Off by default: no signals, no waiting, the plain pause.
    const plain = template(aConfig()).Resources.NodeGroup;
    expect([plain.CreationPolicy, plain.UpdatePolicy.AutoScalingRollingUpdate.WaitOnResourceSignals, plain.UpdatePolicy.AutoScalingRollingUpdate.PauseTime]).toEqual([undefined, undefined, 'PT2M']);
  });

  it('lets the node role signal its own stack and nothing else', () => {
    const policies = template(waiting()).Resources.NodeInstanceRole.Properties.Policies;
    expect(policies).toEqual([
      {
        PolicyName: 'eksng-signal-stack',
        PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'cloudformation:SignalResource', Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/${AWS::StackName}/*' } }] },
      },
    ]);
    expect(template(aConfig()).Resources.NodeInstanceRole.Properties.Policies).toBeUndefined();
  });

  it.each([
    ['AmazonLinux2023', {}, '/opt/aws/bin/cfn-signal --exit-code "$status"'],
    ['AmazonLinux2', { amiFamily: 'AmazonLinux2' }, '/opt/aws/bin/cfn-signal --exit-code "$status"'],
    ['Windows', { amiFamily: 'WindowsServer2022Core', instanceType: 'm5.large', volumeSize: 60 }, '& "$env:ProgramFiles\\Amazon\\cfn-bootstrap\\cfn-signal.exe" --exit-code $(if ($eksngHealthy) { 0 } else { 1 })'],
  ])('%s: the node waits for its kubelet\'s healthz, then signals the group with the result; the node-side readers take it', async (_, ng, signal) => {
    const input = waiting(ng as Partial<NodeGroupInput>);
    const text = userData(input);
    expect(text).toContain('http://localhost:10248/healthz');
    expect(text).toContain(signal);
    expect(text).toContain("--stack '${AWS::StackName}' --resource NodeGroup --region '${AWS::Region}'");
    const file = buildOutputs(resolveConfig(input), 'nodegroup.json').files.find((f) => /^nodegroup-.*\.yaml$/.test(f.name))!;
    expect(await contractViolations(file.content)).toEqual([]);
  });

  it('on AmazonLinux2023 signals from a systemd unit started after the NodeConfig (the kubelet starts only after cloud-init)', () => {
    const text = userData(waiting());
    expect(text.indexOf('systemd-run --no-block --unit=eksng-signal-ready')).toBeGreaterThan(text.indexOf('kind: NodeConfig'));
  });

  it('is refused on Bottlerocket, with the reason, and warned about with a role the config brings', () => {
    expect(codes(waiting({ amiFamily: 'Bottlerocket' }))).toContain('error:rule.wait-for-nodes@/nodeGroups/0/updatePolicy/waitForNodes');
    expect(codes(waiting({ iam: { instanceRoleARN: 'arn:aws:iam::111122223333:role/nodes' } }))).toContain('warning:rule.wait-for-nodes-role@/nodeGroups/0/updatePolicy/waitForNodes');
  });
});
