/** userDataOf: CloudFormation's Fn::Sub at deploy time, GIVEN a template WHEN substituted THEN the text EC2 hands the node. */
import { readFileSync } from 'fs';
import * as path from 'path';
import { load } from 'js-yaml';
import { PSEUDO_PARAMETERS, SubstitutionError, userDataOf } from './substitute';

function aTemplate(sub: unknown, parameters: Record<string, unknown> = {}, extraResources: Record<string, unknown> = {}): object {
  return {
    Parameters: parameters,
    Resources: {
      NodeLaunchTemplate: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { UserData: { 'Fn::Base64': sub } } } },
      ...extraResources,
    },
  };
}

const clusterName = { ClusterName: { Type: 'String', Default: 'my-cluster' } };

describe('userDataOf', () => {
  it('GIVEN ${ClusterName} with a Default WHEN substituted THEN the Default is in the text', () => {
    expect(userDataOf(aTemplate({ 'Fn::Sub': 'name: ${ClusterName}\n' }, clusterName))).toBe('name: my-cluster\n');
  });

  it('GIVEN an override WHEN substituted THEN the override wins over the Default', () => {
    expect(userDataOf(aTemplate({ 'Fn::Sub': 'name: ${ClusterName}' }, clusterName), { ClusterName: '2024' })).toBe('name: 2024');
  });

  it('GIVEN ${!x} WHEN substituted THEN it is the literal ${x}, never looked up', () => {
    expect(userDataOf(aTemplate({ 'Fn::Sub': 'echo ${!HOME} ${!not-a-ref} ${ClusterName}' }, clusterName))).toBe('echo ${HOME} ${not-a-ref} my-cluster');
  });

  it('GIVEN pseudo parameters WHEN substituted THEN they get the fixed test-stack values', () => {
    const text = userDataOf(aTemplate({ 'Fn::Sub': '${AWS::Region} ${AWS::Partition} ${AWS::AccountId} ${AWS::StackName}' }));
    expect(text).toBe('us-east-1 aws 111122223333 stack');
    expect(PSEUDO_PARAMETERS['AWS::Region']).toBe('us-east-1');
  });

  it('GIVEN a numeric Default WHEN substituted THEN it is written as CloudFormation writes a number', () => {
    expect(userDataOf(aTemplate({ 'Fn::Sub': '--max-pods=${MaxPods}' }, { MaxPods: { Type: 'Number', Default: 58 } }))).toBe('--max-pods=58');
  });

  it('GIVEN Fn::Sub with a variable map WHEN substituted THEN map variables and Refs in it are used', () => {
    const sub = { 'Fn::Sub': ['${Greeting} ${Name}', { Greeting: 'hello', Name: { Ref: 'ClusterName' } }] };
    expect(userDataOf(aTemplate(sub, clusterName))).toBe('hello my-cluster');
  });

  it('GIVEN a parameter without Default and no override WHEN substituted THEN a clear error names it', () => {
    const template = aTemplate({ 'Fn::Sub': '${ClusterName}' }, { ClusterName: { Type: 'String' } });
    expect(() => userDataOf(template)).toThrow(SubstitutionError);
    expect(() => userDataOf(template)).toThrow(/ClusterName has no Default/);
  });

  it('GIVEN a reference to something that is not a parameter WHEN substituted THEN a clear error names it', () => {
    expect(() => userDataOf(aTemplate({ 'Fn::Sub': '${NodeRole}' }))).toThrow(/\$\{NodeRole\} is not a parameter/);
    expect(() => userDataOf(aTemplate({ 'Fn::Sub': '${NodeRole.Arn}' }))).toThrow(/Fn::GetAtt/);
  });

  it('GIVEN an SSM parameter WHEN substituted without an override THEN it refuses to use the SSM path as the value', () => {
    const ssm = { AmiId: { Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>', Default: '/aws/service/x' } };
    expect(() => userDataOf(aTemplate({ 'Fn::Sub': '${AmiId}' }, ssm))).toThrow(/SSM parameter/);
    expect(userDataOf(aTemplate({ 'Fn::Sub': '${AmiId}' }, ssm), { AmiId: 'ami-0123' })).toBe('ami-0123');
  });

  it('GIVEN no launch template, or two WHEN read THEN it says how many it found', () => {
    expect(() => userDataOf({ Resources: {} })).toThrow(/exactly one AWS::EC2::LaunchTemplate, found 0/);
    const two = aTemplate('x', {}, { Other: { Type: 'AWS::EC2::LaunchTemplate', Properties: {} } });
    expect(() => userDataOf(two)).toThrow(/found 2/);
  });

  it('GIVEN the minimal golden template WHEN substituted with its Defaults THEN no ${ reference is left', () => {
    const file = path.join(__dirname, '..', 'golden', 'minimal', 'expected', 'nodegroup-ng-1.yaml');
    const template = load(readFileSync(file, 'utf8'));
    if (typeof template !== 'object' || template === null) throw new Error('not a template');
    const text = userDataOf(template);
    expect(text).toContain('    name: "my-cluster"\n');
    expect(text).not.toMatch(/\$\{/);
  });
});
