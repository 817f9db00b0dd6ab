/**
 * Policy as code (issue 19): cfn-guard with AWS Control Tower's proactive controls (the real binary
 * and rules of the pinned @cdklabs/cdk-validator-cfnguard), findings in every output format, and
 * the control-tower compliance profile, whose templates must pass every applicable control.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv4 from 'ajv-draft-04';
import { main } from '../../src/cli';
import { ExitCode, ToolError } from '../../src/errors';
import { loadConfig } from '../../src/config';
import { ConfigInput, NodeGroupInput } from '../../src/config/types';
import { buildClusterFiles, buildOutputs } from '../../src/outputs';
import { runProcess } from '../../src/process';
import { applicableRules, GuardViolation, locateGuard, parseGuardReport, ruleFiles, runGuard } from '../../src/policy/guard';
import { onEncryptionInTransitList, onNitroList } from '../../src/policy/controls';
import { aConfig, captureContext, REAL } from '../helpers';

type Json = any;
const ROOT = path.join(__dirname, '../..');
const EXAMPLES = readdirSync(path.join(ROOT, 'templates')).filter((f) => f.endsWith('.json')).sort();
const SARIF_SCHEMA = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
const validateSarif = new Ajv4({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(SARIF_SCHEMA);
const install = locateGuard();
const example = (name: string): ConfigInput => JSON.parse(readFileSync(path.join(ROOT, 'templates', name), 'utf8'));

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'eksng-policy-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** cfn-guard with every Control Tower rule (not only those eksng picks) over the given template texts. */
async function allControls(templates: Record<string, string>): Promise<GuardViolation[]> {
  const dir = mkdtempSync(path.join(work, 'guard-'));
  const files = Object.entries(templates).map(([name, text]) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  });
  return runGuard(install, [install.controlTowerRules], files, runProcess);
}

/** Node-group, termination and cluster templates of a config, as generate and cluster write them. */
function templatesOf(input: ConfigInput): Record<string, string> {
  const loaded = loadConfig(JSON.stringify(input));
  expect(loaded.problems.filter((p) => p.severity === 'error')).toEqual([]);
  const outputs = buildOutputs(loaded.config!, 'nodegroup.json');
  const texts = Object.fromEntries(outputs.files.filter((f) => f.cfnTemplate).map((f) => [f.name, f.content]));
  const cluster = loadConfig(JSON.stringify(input), { for: 'cluster' }).config!;
  for (const f of buildClusterFiles(cluster, 'nodegroup.json').files.filter((x) => x.cfnTemplate)) texts[f.name] = f.content;
  return texts;
}

describe('cfn-guard and the Control Tower rules from the pinned package', () => {
  it('are installed by npm ci: the binary for this platform, version 3.1.1, and the rules', async () => {
    expect(existsSync(install.binary)).toBe(true);
    expect((await runProcess(install.binary, ['--version'])).stdout).toContain('3.1.1');
    expect(ruleFiles(install.controlTowerRules).length).toBeGreaterThan(200);
  });

  it('is a tool error with the install hint when the package is missing or has no binary for the platform', () => {
    const missing = () => locateGuard('linux', 'x64', () => { throw new Error('Cannot find module'); });
    expect(missing).toThrow(ToolError);
    expect(missing).toThrow(/npm install --save-dev --save-exact --legacy-peer-deps @cdklabs\/cdk-validator-cfnguard@0\.0\.62/);
    expect(() => locateGuard('win32', 'x64')).toThrow(/no cfn-guard binary for win32\/x64/);
  });

  it('the instance-type lists eksng checks at generate time are the ones the installed rule files hold', () => {
    const data = JSON.parse(readFileSync(path.join(ROOT, 'src/policy/control-tower.json'), 'utf8'));
    const listIn = (file: string, name: string) => {
      const text = readFileSync(path.join(install.controlTowerRules, file), 'utf8');
      return [...new RegExp(`let ${name} = \\[([\\s\\S]*?)\\]`).exec(text)![1].matchAll(/\/(\^[^/]*?\$)\//g)].map((m) => m[1]);
    };
    expect(data.nitroInstanceTypes.patterns).toEqual(listIn('ec2/ct-ec2-pr-15.guard', 'NITRO_INSTANCE_TYPES'));
    expect(data.nitroInstanceTypes.patterns).toEqual(listIn('ec2autoscaling/ct-autoscaling-pr-10.guard', 'NITRO_INSTANCE_TYPES'));
    expect(data.nitroEncryptionInTransitInstanceTypes.patterns).toEqual(listIn('ec2autoscaling/ct-autoscaling-pr-11.guard', 'NITRO_ENCRYPTION_IN_TRANSIT_INSTANCE_TYPES'));
    expect(data.source.version).toBe(JSON.parse(readFileSync(path.join(path.dirname(install.controlTowerRules), '../../package.json'), 'utf8')).version);
    expect([onNitroList('m6i.large'), onNitroList('m4.large'), onEncryptionInTransitList('m6i.*'), onEncryptionInTransitList('m5.large')]).toEqual([true, false, true, false]);
  });

  it('picks the rule files that name a resource type of the templates (and those that name none)', () => {
    const files = ruleFiles(install.controlTowerRules);
    const sqsOnly = applicableRules(files, new Set(['AWS::SQS::Queue']));
    expect(sqsOnly.map((f) => path.relative(install.controlTowerRules, f))).toEqual(expect.arrayContaining(['sqs/ct-sqs-pr-1.guard', 'sqs/ct-sqs-pr-2.guard']));
    expect(sqsOnly.some((f) => f.includes('/ec2/'))).toBe(false);
    // The rules eksng leaves out can find nothing in its templates: all rules give the same violations.
    const texts = templatesOf(example('production.json'));
    const types = new Set(Object.values(texts).flatMap((t) => [...t.matchAll(/Type: (AWS::\S+)/g)].map((m) => m[1])));
    expect(applicableRules(files, types).length).toBeLessThan(files.length / 3);
  });

  it('reads cfn-guard\'s report: the control id, the message and the most specific path', async () => {
    const violations = await allControls({ 'ng.yaml': templatesOf(example('production.json'))['nodegroup-general.yaml'] });
    const hop = violations.find((v) => v.control === 'CT.EC2.PR.2')!;
    expect(hop).toMatchObject({ rule: 'ec2_launch_template_token_hop_limit_check', path: '/Resources/NodeLaunchTemplate/Properties/LaunchTemplateData/MetadataOptions/HttpPutResponseHopLimit' });
    expect(hop.message).toMatch(/^Require that Amazon EC2 launch templates restrict the token hop limit to a maximum of one \[FIX\]:/);
    expect(parseGuardReport('[]')).toEqual([]);
    expect(() => parseGuardReport('Error occurred')).toThrow(ToolError);
  });
});

describe('the control-tower compliance profile', () => {
  it('gives templates/control-tower.json templates (node groups, termination queue, cluster stack with the cluster) that pass every Control Tower rule', async () => {
    const input = example('control-tower.json');
    const texts = templatesOf({ ...input, cluster: { ...input.cluster, create: true } });
    expect(Object.keys(texts).sort()).toEqual(['cluster.yaml', 'nodegroup-batch-spot.yaml', 'nodegroup-general.yaml', 'termination-handler.yaml']);
    expect(await allControls(texts)).toEqual([]);
  }, 60_000);

  it.each(EXAMPLES)('%s with "compliance": either passes every control, or is refused naming the setting that contradicts it', async (name) => {
    const input = { ...example(name), compliance: 'control-tower' as const };
    const loaded = loadConfig(JSON.stringify(input));
    const errors = loaded.problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) {
      // Refused: only the profile's own rules, each pointing into the file.
      for (const e of errors) expect(`${e.code} ${e.pointer}`).toMatch(/^rule\.compliance(-[a-z-]+)? \/nodeGroups\/\d+\/|^rule\.compliance \/(cluster|network)\//);
      return;
    }
    expect(await allControls(templatesOf(input))).toEqual([]);
  }, 60_000);

  const governed = (ng: Partial<NodeGroupInput> = {}, cluster: Partial<ConfigInput['cluster']> = {}) => ({
    ...aConfig({ cluster, nodeGroup: { availabilityZones: ['us-east-1a', 'us-east-1b'], instancesDistribution: { instanceTypes: ['m6i.large', 'm6a.large'] }, ...ng } }),
    compliance: 'control-tower' as const,
  });
  const refusals = (input: ConfigInput) => loadConfig(JSON.stringify(input)).problems.filter((p) => p.severity === 'error').map((p) => `${p.code}@${p.pointer}`);

  it('refuses each setting that contradicts a control, naming it', () => {
    expect(refusals(governed())).toEqual([]);
    expect(refusals(governed({ instanceMetadataHopLimit: 2 }))).toEqual(['rule.compliance@/nodeGroups/0/instanceMetadataHopLimit']);
    expect(refusals(governed({ associatePublicIpAddress: true }))).toEqual(['rule.compliance@/nodeGroups/0/associatePublicIpAddress']);
    expect(refusals(governed({ availabilityZones: ['us-east-1a'] }))).toEqual(['rule.compliance-zones@/nodeGroups/0/availabilityZones']);
    expect(refusals(governed({ availabilityZones: undefined }))).toEqual(['rule.compliance-zones@/nodeGroups/0/availabilityZones']);
    expect(refusals(governed({ instancesDistribution: undefined, instanceType: 'm6i.large' }))).toEqual(['rule.compliance-types@/nodeGroups/0/instanceType']);
    expect(refusals(governed({ instancesDistribution: { instanceTypes: ['m6i.large', 'm5.large'] } }))).toEqual(['rule.compliance-nitro@/nodeGroups/0/instancesDistribution/instanceTypes/1']);
    expect(refusals(governed({ instancesDistribution: { instanceTypes: ['m6i.large', 'm4.large'] } }))).toEqual(['rule.compliance-nitro@/nodeGroups/0/instancesDistribution/instanceTypes/1']);
    expect(refusals(governed({ instancesDistribution: undefined, instanceRequirements: { vCpu: { min: 2 }, memoryMiB: { min: 4096 }, architecture: 'x86_64' } }))).toEqual(['rule.compliance-nitro@/nodeGroups/0/instanceRequirements/allowedInstanceTypes']);
    expect(refusals(governed({}, { create: true, endpointPublicAccess: true }))).toEqual(['rule.compliance@/cluster/endpointPublicAccess']);
    const cluster = { ...governed(), network: { privateSubnets: 0 as const } };
    expect(loadConfig(JSON.stringify(cluster), { for: 'cluster' }).problems.filter((p) => p.severity === 'error').map((p) => p.code)).toEqual(['rule.compliance']);
  });

  it('writes what the controls check into the template: monitoring, hop limit 1, no public IP, the type itself, the zones', () => {
    const loaded = loadConfig(JSON.stringify(governed({ instancesDistribution: { instanceTypes: ['m6i.large', 'm6a.large'] } })));
    // The profile's hop limit is warned about, with what breaks; a config that sets 1 itself has seen to that.
    expect(loaded.problems.map((p) => `${p.severity}:${p.code}`)).toContain('warning:rule.compliance-hop-limit');
    expect(loadConfig(JSON.stringify(governed({ instanceMetadataHopLimit: 1 }))).problems.map((p) => p.code)).not.toContain('rule.compliance-hop-limit');
    const t = buildOutputs(loaded.config!, 'nodegroup.json').templates[0].built.template as Json;
    const data = t.Resources.NodeLaunchTemplate.Properties.LaunchTemplateData;
    expect(data).toMatchObject({ InstanceType: 'm6i.large', Monitoring: { Enabled: true }, MetadataOptions: { HttpPutResponseHopLimit: 1 } });
    expect(data.NetworkInterfaces[0].AssociatePublicIpAddress).toBe(false);
    expect(t.Parameters.NodeInstanceType).toBeUndefined();
    expect(t.Resources.NodeGroup.Properties.AvailabilityZones).toEqual(['us-east-1a', 'us-east-1b']);
  });
});

describe('eksng generate with a policy', () => {
  const run = async (args: string[]) => {
    const ctx = captureContext(REAL);
    const code = await main(args, ctx);
    return { code, out: ctx.out(), err: ctx.err() };
  };

  it('--policy control-tower: failed controls are warnings with their ids, the files are written, and SARIF validates and names the controls', async () => {
    const out = path.join(work, 'report');
    const sarif = path.join(work, 'report.sarif');
    const r = await run(['generate', '--no-lint', '--config', path.join(ROOT, 'templates/production.json'), '--out', out, '--policy', 'control-tower', '--sarif', sarif]);
    expect(r.code).toBe(ExitCode.ok);
    expect(existsSync(path.join(out, 'nodegroup-general.yaml'))).toBe(true);
    expect(r.err).toMatch(/^warning: .*nodegroup-general\.yaml:\d+:\d+: CT\.EC2\.PR\.2 \[Warning, cfn-guard\] .*\(config: nodeGroups\[\]\.instanceMetadataHopLimit \(1\)\) \(\/Resources\/NodeLaunchTemplate\/Properties\/LaunchTemplateData\/MetadataOptions\/HttpPutResponseHopLimit\)$/m);
    const log = JSON.parse(readFileSync(sarif, 'utf8'));
    expect(validateSarif(log)).toBe(true);
    const guard = log.runs.find((x: Json) => x.tool.driver.name === 'cfn-guard');
    expect(guard.tool.driver.rules.map((x: Json) => x.id)).toEqual(expect.arrayContaining(['CT.AUTOSCALING.PR.1', 'CT.EC2.PR.10', 'CT.EC2.PR.2', 'CT.SQS.PR.1']));
    expect(guard.results.every((x: Json) => x.level === 'warning' && x.locations[0].physicalLocation.region.startLine > 0)).toBe(true);
  }, 60_000);

  it('--format json carries the control id, the guard rule and the path', async () => {
    const r = await run(['validate', '--no-lint', '--config', path.join(ROOT, 'templates/walkthrough.json'), '--policy', 'control-tower', '--format', 'json']);
    expect(r.code).toBe(ExitCode.ok);
    const findings = JSON.parse(r.out).findings.filter((f: Json) => f.tool === 'cfn-guard');
    expect(findings).toContainEqual(expect.objectContaining({ ruleId: 'CT.EC2.PR.9', ruleName: 'ec2_launch_template_public_ip_disabled_check', level: 'warning' }));
  }, 60_000);

  it('an organization\'s own rules (--policy-rules) apply too; under the compliance profile a failure is an error and nothing is written', async () => {
    const rules = path.join(work, 'org-rules');
    mkdirSync(rules, { recursive: true });
    writeFileSync(path.join(rules, 'team-tag.guard'), [
      'let groups = Resources.*[ Type == "AWS::AutoScaling::AutoScalingGroup" ]',
      'rule asg_has_team_tag when %groups not empty {',
      '  %groups.Properties.Tags[*] { Key exists }',
      '  some %groups.Properties.Tags[*].Key == "team"',
      '}',
      '',
    ].join('\n'));
    const out = path.join(work, 'governed');
    const r = await run(['generate', '--no-lint', '--config', path.join(ROOT, 'templates/control-tower.json'), '--out', out, '--policy-rules', rules]);
    expect(r.code).toBe(ExitCode.invalid);
    expect(r.err).toMatch(/nodegroup-general\.yaml:\d+:\d+: asg_has_team_tag \[Error, cfn-guard\]/);
    expect(existsSync(out)).toBe(false);
    // Without the custom rule the same config passes every control, and is written.
    expect((await run(['generate', '--no-lint', '--config', path.join(ROOT, 'templates/control-tower.json'), '--out', out])).code).toBe(ExitCode.ok);
  }, 60_000);
});
