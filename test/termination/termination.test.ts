/** Termination handling (issue 15): the node group's hook and tag, the cluster's queue stack, the Helm values, the rules. */
import { readFileSync } from 'fs';
import * as path from 'path';
import { load } from 'js-yaml';
import { loadConfig } from '../../src/config';
import { resolveConfig } from '../../src/config/resolve';
import { ConfigInput, NodeGroupInput } from '../../src/config/types';
import { buildOutputs } from '../../src/outputs';
import { buildNodeGroupTemplate } from '../../src/template';
import { NTH } from '../../src/termination/data';
import { buildTerminationTemplate } from '../../src/termination/stack';
import { helmCommand, terminationValues } from '../../src/termination/values';
import { aConfig } from '../helpers';

type Json = any;
const resources = (input: ConfigInput, i = 0): Json => {
  const config = resolveConfig(input);
  return buildNodeGroupTemplate(config, config.nodeGroups[i]).template.Resources;
};
const codes = (input: ConfigInput) => loadConfig(JSON.stringify(input)).problems.map((p) => `${p.severity}:${p.code}@${p.pointer}`);
const spot = (ng: Partial<NodeGroupInput> = {}, cluster: Partial<ConfigInput['cluster']> = {}) => aConfig({ cluster, nodeGroup: { spot: true, ...ng } });
/** The chart's values.yaml at the version nth.json names (test/fixtures/nth/SOURCE.md). */
const CHART_VALUES = load(readFileSync(path.join(__dirname, '../fixtures/nth/values.yaml'), 'utf8')) as Record<string, unknown>;

describe('a node group with termination handling', () => {
  it('is the default for spot capacity: a lifecycle hook of its own that lets termination go on without the handler, the cluster\'s tag, and CapacityRebalance', () => {
    const r = resources(spot());
    expect(r.NodeTerminationLifecycleHook).toEqual({
      Type: 'AWS::AutoScaling::LifecycleHook',
      Properties: { AutoScalingGroupName: { Ref: 'NodeGroup' }, LifecycleTransition: 'autoscaling:EC2_INSTANCE_TERMINATING', HeartbeatTimeout: 300, DefaultResult: 'CONTINUE' },
    });
    // Not inline in the group: deleting the stack then does not wait on the hook.
    expect(r.NodeGroup.Properties.LifecycleHookSpecificationList).toBeUndefined();
    expect(r.NodeGroup.Properties.Tags).toContainEqual({ Key: 'aws-node-termination-handler/test-cluster', Value: 'true', PropagateAtLaunch: true });
    expect(r.NodeGroup.Properties.CapacityRebalance).toBe(true);
  });

  it('is off for on-demand groups unless asked for, and then without CapacityRebalance (no spot to rebalance)', () => {
    expect(resources(aConfig()).NodeTerminationLifecycleHook).toBeUndefined();
    const onDemand = resources(aConfig({ nodeGroup: { terminationHandling: { enabled: true, heartbeatTimeout: 600 } } }));
    expect(onDemand.NodeTerminationLifecycleHook.Properties.HeartbeatTimeout).toBe(600);
    expect(onDemand.NodeGroup.Properties.CapacityRebalance).toBeUndefined();
  });

  it('keeps an explicit capacityRebalance: false, and a mixed group with spot above the base gets it on by default', () => {
    expect(resources(aConfig({ nodeGroup: { instancesDistribution: { instanceTypes: ['m5.large'], onDemandPercentageAboveBaseCapacity: 0, capacityRebalance: false } } })).NodeGroup.Properties.CapacityRebalance).toBeUndefined();
    expect(resources(aConfig({ nodeGroup: { instancesDistribution: { instanceTypes: ['m5.large'], onDemandPercentageAboveBaseCapacity: 50 } } })).NodeGroup.Properties.CapacityRebalance).toBe(true);
    expect(resources(aConfig({ nodeGroup: { instancesDistribution: { instanceTypes: ['m5.large'] } } })).NodeTerminationLifecycleHook).toBeUndefined();
  });
});

describe('the cluster\'s termination-handler stack', () => {
  const t = buildTerminationTemplate(resolveConfig(spot())) as Json;
  const rules = Object.entries<Json>(t.Resources).filter(([, r]) => r.Type === 'AWS::Events::Rule');

  it('has the five rules of the handler\'s README, each into the queue', () => {
    expect(rules.map(([, r]) => r.Properties.EventPattern)).toEqual(NTH.eventRules.map((r) => r.eventPattern));
    expect(rules.map(([, r]) => r.Properties.EventPattern['detail-type'][0])).toEqual([
      'EC2 Instance-terminate Lifecycle Action',
      'EC2 Spot Instance Interruption Warning',
      'EC2 Instance Rebalance Recommendation',
      'EC2 Instance State-change Notification',
      'AWS Health Event',
    ]);
    for (const [, r] of rules) expect(r.Properties.Targets).toEqual([{ Id: 'TerminationQueue', Arn: { 'Fn::GetAtt': ['TerminationQueue', 'Arn'] } }]);
  });

  it('has an encrypted queue keeping messages five minutes, which admits only EventBridge, and only these rules', () => {
    expect(t.Resources.TerminationQueue.Properties).toEqual({ QueueName: 'eksng-test-cluster-termination', MessageRetentionPeriod: 300, SqsManagedSseEnabled: true });
    const statements = t.Resources.TerminationQueuePolicy.Properties.PolicyDocument.Statement;
    expect(statements).toHaveLength(1);
    expect(statements[0].Principal).toEqual({ Service: ['events.amazonaws.com'] });
    expect(statements[0].Action).toBe('sqs:SendMessage');
    expect(statements[0].Condition.ArnEquals['aws:SourceArn']).toEqual(rules.map(([id]) => ({ 'Fn::GetAtt': [id, 'Arn'] })));
  });

  it('has the handler\'s policy with the queue actions on this queue only, and the queue URL, ARN and policy as outputs', () => {
    const statements = t.Resources.TerminationHandlerPolicy.Properties.PolicyDocument.Statement;
    expect(statements.flatMap((s: Json) => s.Action).sort()).toEqual(NTH.iamPolicy.Statement.flatMap((s) => s.Action).sort());
    expect(statements.find((s: Json) => s.Action.includes('sqs:ReceiveMessage')).Resource).toEqual({ 'Fn::GetAtt': ['TerminationQueue', 'Arn'] });
    expect(Object.keys(t.Outputs)).toEqual(['QueueURL', 'QueueARN', 'HandlerPolicyArn']);
  });

  it('is written once per config, only when a group uses it and the config names no queue of its own', () => {
    const names = (input: ConfigInput) => buildOutputs(resolveConfig(input), 'nodegroup.json').files.map((f) => f.name).filter((n) => n.startsWith('termination-'));
    expect(names(aConfig({ nodeGroups: [{ name: 'a', spot: true }, { name: 'b', spot: true }] }))).toEqual(['termination-handler.yaml', 'termination-handler-values.yaml']);
    expect(names(aConfig())).toEqual([]);
    expect(names(spot({}, { terminationQueueArn: 'arn:aws:sqs:us-east-1:111122223333:nth' }))).toEqual(['termination-handler-values.yaml']);
  });
});

describe('the Helm values', () => {
  it('use only keys the chart defines, in queue-processor mode, with the cluster\'s tag', () => {
    const values = terminationValues(resolveConfig(spot({}, { accountId: '111122223333' })))!;
    for (const key of Object.keys(values)) expect([key, key in CHART_VALUES]).toEqual([key, true]);
    expect(values).toEqual({
      enableSqsTerminationDraining: true,
      queueURL: 'https://sqs.us-east-1.amazonaws.com/111122223333/eksng-test-cluster-termination',
      awsRegion: 'us-east-1',
      checkTagBeforeDraining: true,
      managedTag: 'aws-node-termination-handler/test-cluster',
    });
  });

  it('are written as YAML that reads back to them, with only chart keys (every example with a values file)', () => {
    const examples = ['walkthrough', 'production'];
    for (const name of examples) {
      const text = readFileSync(path.join(__dirname, '../../out', name, 'termination-handler-values.yaml'), 'utf8');
      const read = load(text) as Record<string, unknown>;
      expect(Object.keys(read).filter((k) => !(k in CHART_VALUES))).toEqual([]);
      expect(read.enableSqsTerminationDraining).toBe(true);
    }
  });

  it('take the URL of a queue the config names (its partition\'s domain), and leave it to the helm command when the account is unknown', () => {
    const china = resolveConfig(spot({}, { region: 'cn-north-1', terminationQueueArn: 'arn:aws-cn:sqs:cn-north-1:111122223333:nth' }));
    expect(terminationValues(china)!.queueURL).toBe('https://sqs.cn-north-1.amazonaws.com.cn/111122223333/nth');
    const unknown = resolveConfig(spot());
    expect(terminationValues(unknown)).not.toHaveProperty('queueURL');
    expect(helmCommand(unknown, 'out/termination-handler-values.yaml')).toContain(`--set queueURL="$(aws cloudformation describe-stacks --region us-east-1 --stack-name eksng-test-cluster-termination-handler --query "Stacks[0].Outputs[?OutputKey=='QueueURL'].OutputValue" --output text)"`);
  });
});

describe('termination-handling rules', () => {
  it('refuses a queue in another region or partition than the cluster\'s', () => {
    expect(codes(spot({}, { terminationQueueArn: 'arn:aws:sqs:eu-west-1:111122223333:nth' }))).toContain('error:rule.termination-queue-region@/cluster/terminationQueueArn');
    expect(codes(spot({}, { terminationQueueArn: 'arn:aws-cn:sqs:cn-north-1:111122223333:nth' }))).toContain('error:rule.arn-partition@/cluster/terminationQueueArn');
  });

  it('warns when a spot group turns it off, and refuses a node group whose stack would be the handler stack', () => {
    expect(codes(spot({ terminationHandling: { enabled: false } }))).toEqual(['warning:rule.spot-without-termination-handling@/nodeGroups/0/terminationHandling/enabled']);
    expect(codes(spot({ name: 'termination_handler' }))).toContain('error:rule.stack-name@/nodeGroups/0/name');
  });

  it('notes a queue no group uses', () => {
    expect(codes(aConfig({ cluster: { terminationQueueArn: 'arn:aws:sqs:us-east-1:111122223333:nth' } }))).toEqual(['note:rule.termination-queue-unused@/cluster/terminationQueueArn']);
  });
});
