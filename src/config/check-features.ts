/**
 * Rules for the node-group features beyond the reference template (instance mixes, labels and
 * taints, kubelet settings, volumes, IMDS, IAM, autoscaler, tags). Pointers refer to the user's file.
 */
import { instanceTypeAt } from './pointers';
import { error, note, pointer, Problem, warning } from '../problems';
import { createsRole, isAwsManagedPolicy, NODE_MANAGED_POLICIES, SSM_POLICY } from '../template/iam';
import { addonInlinePolicies, addonManagedPolicies } from '../template/addon-policies';
import { acceleratorOf, architectureOf } from './ami';
import { NODEGROUP_LABEL } from './resolve';
import { labelKeyProblem } from './kubernetes';
import { Config, ConfigInput, ConfigPurpose, NodeGroup } from './types';
/** An Auto Scaling group carries at most 50 tags. */
export const ASG_TAG_LIMIT = 50;
/** Tags eksng puts on every group itself (Name, kubernetes.io/cluster/<name>). */
export const OWN_TAGS = 2;

/** Fields that exclude each other, checked on the input (before defaults hide who set what). */
export function checkExclusiveFields(input: ConfigInput, purpose: ConfigPurpose = 'nodeGroups'): Problem[] {
  const problems: Problem[] = [];
  input.nodeGroups.forEach((ng, i) => {
    const at = (...rest: string[]) => pointer('nodeGroups', i, ...rest);
    if (ng.instancesDistribution && ng.instanceType !== undefined) {
      problems.push(error('rule.instance-type-and-distribution', at('instanceType'), 'cannot be given with instancesDistribution: list every type in instancesDistribution.instanceTypes'));
    }
    if (ng.instancesDistribution && ng.spot !== undefined) {
      problems.push(error('rule.spot-and-distribution', at('spot'), 'cannot be given with instancesDistribution: for all spot, set onDemandBaseCapacity and onDemandPercentageAboveBaseCapacity to 0'));
    }
    if (ng.labels && NODEGROUP_LABEL in ng.labels) {
      problems.push(error('rule.reserved-label', at('labels', NODEGROUP_LABEL), `is the label eksng gives every node of a group, set to the group's name ("${ng.name}"); leave it out`));
    }
    if (ng.amiRelease !== undefined && ng.ami !== undefined && ng.ami !== 'auto') {
      problems.push(error('rule.ami-release-and-ami', at('amiRelease'), `pins an EKS release, which only ami "auto" takes; this group's ami is "${ng.ami}": leave one out`));
    }
    if (ng.privateNetworking === true && ng.associatePublicIpAddress === true) {
      problems.push(error('rule.private-and-public', at('associatePublicIpAddress'), 'contradicts privateNetworking: true (no public IP); leave one out'));
    }
    // `eksng cluster` makes the stack whose outputs place the zones: only node groups need them placed.
    // Under the compliance profile the zones are the user's statement of where the subnets are: CT.AUTOSCALING.PR.1 must see them.
    if (ng.availabilityZones !== undefined && purpose === 'nodeGroups' && input.compliance === undefined) {
      // With --cluster-outputs the zones became subnetIds (stack-outputs.ts); left here, nothing could place them.
      problems.push(
        ng.subnetIds !== undefined
          ? error('rule.zones-and-subnets', at('availabilityZones'), 'cannot be given with subnetIds: the subnets already fix the zones; leave one out')
          : error('rule.zones-need-cluster-outputs', at('availabilityZones'), 'needs the zones of the cluster\'s subnets, which only an eksng cluster stack reports: run generate with --cluster-outputs <describe-stacks JSON of the cluster stack>, or list this group\'s subnetIds instead'),
      );
    }
    const iam = ng.iam ?? {};
    if (iam.instanceProfileARN && !iam.instanceRoleARN) {
      problems.push(error('rule.profile-needs-role', at('iam', 'instanceRoleARN'), 'is required with instanceProfileARN: aws-auth and access entries map the role, never the profile'));
    }
    if (iam.instanceRoleARN) {
      for (const field of ['attachPolicyARNs', 'withSSM', 'permissionsBoundary', 'withAddonPolicies'] as const) {
        if (iam[field] !== undefined) problems.push(error('rule.own-role', at('iam', field), `cannot be used with instanceRoleARN: eksng does not create (or change) a role you bring`));
      }
    }
  });
  return problems;
}

/** C0 controls (tab allowed only in shell lines), DEL and C1 controls: nodeadm, TOML and shells read them as structure or not at all. */
const CONTROL_BUT_NOT_TAB = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;
const CONTROL_OR_TAB = /[\u0000-\u001f\u007f-\u009f]/;

/** Every string (keys included) below `value` holding a control character, by pointer. */
function controlCharacters(value: unknown, at: Array<string | number>, pattern: RegExp, found: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (typeof value === 'string') {
    if (pattern.test(value)) found.push(at);
  } else if (Array.isArray(value)) value.forEach((v, j) => controlCharacters(v, [...at, j], pattern, found));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (pattern.test(k)) found.push([...at, k]);
      else controlCharacters(v, [...at, k], pattern, found);
    }
  }
  return found;
}

const describeControl = (text: string) => `U+${(text.match(CONTROL_OR_TAB)?.[0] ?? '\u0000').codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Strings that reach the user data must hold no control characters (DEL and C1 included). */
function checkControlCharacters(ng: NodeGroup, at: (...rest: Array<string | number>) => string): Problem[] {
  const places = [
    ...controlCharacters(ng.preBootstrapCommands, ['preBootstrapCommands'], CONTROL_BUT_NOT_TAB),
    ...controlCharacters(ng.kubeletExtraConfig, ['kubeletExtraConfig'], CONTROL_OR_TAB),
    ...controlCharacters(ng.bottlerocketSettings, ['bottlerocket', 'settings'], CONTROL_OR_TAB),
  ];
  return places.map((p) => {
    const value = p.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | null)?.[k], { preBootstrapCommands: ng.preBootstrapCommands, kubeletExtraConfig: ng.kubeletExtraConfig, bottlerocket: { settings: ng.bottlerocketSettings } });
    const text = typeof value === 'string' ? value : String(p[p.length - 1]);
    return error('rule.control-character', at(...p), `holds a control character (${describeControl(text)}), which the node's user data cannot carry safely; remove it`);
  });
}

/** io1 and io2 provision at most this many IOPS per GiB (https://docs.aws.amazon.com/ebs/latest/userguide/provisioned-iops.html). */
export const MAX_IOPS_PER_GIB = { io1: 50, io2: 1000 } as const;

export function checkNodeGroupFeatures(config: Config, ng: NodeGroup, i: number): Problem[] {
  const at = (...rest: Array<string | number>) => pointer('nodeGroups', i, ...rest);
  const problems: Problem[] = [];
  const partition = config.cluster.partition;

  // Instance types: one architecture, one kind of accelerator (one AMI serves them all).
  ng.instanceTypes.forEach((type, j) => {
    const where = instanceTypeAt(ng, j, at);
    if (architectureOf(type) !== ng.architecture) problems.push(error('rule.mixed-architectures', where, `is ${architectureOf(type)}, but ${ng.instanceType} is ${ng.architecture}: one AMI cannot serve both; make a node group per architecture`));
    else if (acceleratorOf(type) !== ng.accelerator) problems.push(error('rule.mixed-accelerators', where, `needs the ${acceleratorOf(type) === 'none' ? 'standard' : acceleratorOf(type)} AMI, but ${ng.instanceType} the ${ng.accelerator === 'none' ? 'standard' : ng.accelerator} one: make a node group per kind`));
  });
  if (ng.distribution && ng.distribution.maxPrice !== null && ng.distribution.onDemandPercentageAboveBaseCapacity === 100) {
    problems.push(warning('rule.max-price-unused', at('instancesDistribution', 'maxPrice'), 'has no effect: onDemandPercentageAboveBaseCapacity is 100 (no spot)'));
  }

  // Labels and taints: Kubernetes syntax (the schema) plus what a kubelet may set.
  for (const key of Object.keys(ng.labels)) {
    const problem = labelKeyProblem(key);
    if (problem) problems.push(error('rule.label-key', at('labels', key), problem));
  }
  const seen = new Set<string>();
  ng.taints.forEach((t, j) => {
    const problem = labelKeyProblem(t.key);
    if (problem && problem.includes('prefix longer')) problems.push(error('rule.taint-key', at('taints', j, 'key'), problem));
    const id = `${t.key}:${t.effect}`;
    if (seen.has(id)) problems.push(error('rule.duplicate-taint', at('taints', j), `repeats the taint ${t.key} with effect ${t.effect}`));
    else if (ng.clusterAutoscaler && ng.taints.findIndex((o) => o.key === t.key) < j) {
      problems.push(error('rule.autoscaler-taint-key', at('taints', j), `repeats the key ${t.key}: the cluster-autoscaler's node-template tags hold one taint per key (k8s.io/cluster-autoscaler/node-template/taint/${t.key})`));
    }
    seen.add(id);
  });

  // Volumes.
  const t = ng.volumeType;
  if (ng.volumeIOPS !== null) {
    const [min, max] = t === 'gp3' ? [3000, 16000] : t === 'io1' ? [100, 64000] : t === 'io2' ? [100, 256000] : [0, 0];
    if (max === 0) problems.push(error('rule.volume-iops', at('volumeIOPS'), `cannot be set for volumeType "${t}" (only gp3, io1, io2)`));
    else if (ng.volumeIOPS < min || ng.volumeIOPS > max) problems.push(error('rule.volume-iops', at('volumeIOPS'), `must be ${min}-${max} for ${t}, got ${ng.volumeIOPS}`));
  } else if (t === 'io1' || t === 'io2') {
    problems.push(error('rule.volume-iops', at('volumeIOPS'), `is required for volumeType "${t}"`));
  }
  if ((t === 'io1' || t === 'io2') && ng.volumeIOPS !== null && ng.volumeIOPS > ng.volumeSize * MAX_IOPS_PER_GIB[t]) {
    problems.push(error('rule.volume-iops', at('volumeIOPS'), `is more than ${t} provisions for ${ng.volumeSize} GiB (at most ${MAX_IOPS_PER_GIB[t]} IOPS per GiB: ${ng.volumeSize * MAX_IOPS_PER_GIB[t]}); raise volumeSize or lower volumeIOPS`));
  }
  if (ng.volumeThroughput !== null) {
    if (t !== 'gp3') problems.push(error('rule.volume-throughput', at('volumeThroughput'), `can only be set for gp3, not "${t}"`));
    else if (ng.volumeThroughput > 1000) problems.push(error('rule.volume-throughput', at('volumeThroughput'), `must be 125-1000 MiB/s for gp3, got ${ng.volumeThroughput}`));
  }
  if (ng.volumeKmsKeyID !== null && !ng.volumeEncrypted) problems.push(error('rule.kms-unencrypted', at('volumeKmsKeyID'), 'needs volumeEncrypted: true'));
  if (!ng.volumeEncrypted) problems.push(warning('rule.volume-unencrypted', at('volumeEncrypted'), 'is false: the nodes\' volumes are not encrypted (unless the account encrypts EBS by default)'));

  // Instance metadata.
  if (!ng.disableIMDSv1) problems.push(warning('rule.imdsv1', at('disableIMDSv1'), 'is false: IMDSv1 is allowed, and any process or SSRF on the node can read the node role\'s credentials without a token'));
  // Under the compliance profile its own warning says it, with the control.
  if (ng.instanceMetadataHopLimit === 1 && config.compliance === null) problems.push(warning('rule.imds-hop-limit', at('instanceMetadataHopLimit'), 'is 1: pods that call IMDS through the node (e.g. the AWS Load Balancer Controller, without IRSA) get no answer'));

  // IAM: ARNs of the cluster's partition.
  const arns: Array<[string, Array<string | number>]> = [
    ...ng.iam.attachPolicyARNs.map((a, j): [string, Array<string | number>] => [a, ['iam', 'attachPolicyARNs', j]]),
    ...(ng.iam.instanceRoleARN ? [[ng.iam.instanceRoleARN, ['iam', 'instanceRoleARN']] as [string, string[]]] : []),
    ...(ng.iam.instanceProfileARN ? [[ng.iam.instanceProfileARN, ['iam', 'instanceProfileARN']] as [string, string[]]] : []),
    ...(ng.iam.permissionsBoundary ? [[ng.iam.permissionsBoundary, ['iam', 'permissionsBoundary']] as [string, string[]]] : []),
  ];
  for (const [arn, path] of arns) {
    const p = arn.split(':')[1];
    if (p !== partition) problems.push(error('rule.arn-partition', at(...path), `is in partition "${p}", but region ${config.cluster.region} is in "${partition}"`));
  }
  ng.iam.attachPolicyARNs.forEach((arn, j) => {
    const always = [...NODE_MANAGED_POLICIES, ...(ng.iam.withSSM ? [SSM_POLICY] : [])].find((n) => isAwsManagedPolicy(arn, n));
    if (always) problems.push(note('rule.policy-repeated', at('iam', 'attachPolicyARNs', j), `is ${always}, which every node role eksng makes has${always === SSM_POLICY ? ' with withSSM' : ''}; listed once (a repeated policy would fail the deploy)`));
  });
  problems.push(...checkAddonPolicies(config, ng, at));
  if (ng.updatePolicy.waitForNodes && ng.iam.instanceRoleARN !== null) {
    problems.push(warning('rule.wait-for-nodes-role', at('updatePolicy', 'waitForNodes'), `needs the nodes to call cloudformation:SignalResource on this stack; the role you bring (${ng.iam.instanceRoleARN}) must allow it, or every update times out`));
  }
  const roleAccount = ng.iam.instanceRoleARN?.split(':')[4];
  if (roleAccount !== undefined && config.cluster.accountId !== null && roleAccount !== config.cluster.accountId) {
    problems.push(warning('rule.role-account', at('iam', 'instanceRoleARN'), `is in account ${roleAccount}, not cluster.accountId ${config.cluster.accountId}: EC2 in the cluster's account cannot pass a role of another account to the nodes; check the ARN`));
  }
  problems.push(...checkControlCharacters(ng, at));
  // EFA's placement group and a Capacity Block are in one zone by nature: nothing to point out.
  if (ng.subnetIds !== null && ng.subnetIds.length < 2 && ng.efa === null && ng.capacityBlock === null) {
    problems.push(note('rule.single-subnet', at('subnetIds'), 'has one subnet: this group\'s nodes run in a single availability zone (as wanted for EBS-bound workloads; a zone outage stops the group)'));
  }

  // Tags: not ours, and within the Auto Scaling group's 50.
  const own = new Set(['Name', `kubernetes.io/cluster/${config.cluster.name}`]);
  for (const key of Object.keys(ng.tags)) {
    if (own.has(key) || key.startsWith('k8s.io/cluster-autoscaler/')) problems.push(error('rule.reserved-tag', at('tags', key), 'is a tag eksng sets itself'));
  }
  const autoscalerTags = ng.clusterAutoscaler ? 2 + Object.keys(ng.labels).length + ng.taints.length : 0;
  const total = OWN_TAGS + Object.keys(ng.tags).length + autoscalerTags;
  if (total > ASG_TAG_LIMIT) {
    problems.push(error('rule.tag-limit', ng.clusterAutoscaler ? at('clusterAutoscaler') : at('tags'), `would put ${total} tags on the Auto Scaling group (${OWN_TAGS} of eksng, ${Object.keys(ng.tags).length} from tags${ng.clusterAutoscaler ? `, ${autoscalerTags} for the cluster-autoscaler: 2 plus one per label and taint` : ''}); the limit is ${ASG_TAG_LIMIT}`));
  }
  return problems;
}

/** IAM's default quota of managed policies per role (20 after an increase) and its limit on a role's inline policies together. */
export const MANAGED_POLICIES_PER_ROLE = { quota: 10, max: 20 } as const;
export const INLINE_POLICY_CHARACTERS = 10_240;

/** Add-on policies: where they are better held, what the autoscaler policy can reach, and IAM's limits on the role. */
function checkAddonPolicies(config: Config, ng: NodeGroup, at: (...rest: Array<string | number>) => string): Problem[] {
  const problems: Problem[] = [];
  const addons = ng.iam.addonPolicies;
  if (addons.length > 0) {
    problems.push(
      warning(
        'rule.addon-policies-on-node',
        at('iam', 'withAddonPolicies'),
        `gives the permissions of ${addons.join(', ')} to the node role, so every pod on these nodes can use them (IMDS answers pods through hop limit ${ng.instanceMetadataHopLimit}); an EKS Pod Identity or IRSA role per add-on is the better home (the policies and their sources are in the README's "Add-on policies")`,
      ),
    );
  }
  if (addons.includes('autoScaler') && !config.nodeGroups.some((g) => g.clusterAutoscaler)) {
    problems.push(note('rule.autoscaler-policy-untagged', at('iam', 'withAddonPolicies', 'autoScaler'), `lets the cluster-autoscaler scale only groups tagged k8s.io/cluster-autoscaler/${config.cluster.name}=owned, and no group of this config is: set clusterAutoscaler: true on the groups it should scale`));
  }
  if (createsRole(ng)) {
    const managed = new Set([...NODE_MANAGED_POLICIES, ...(ng.iam.withSSM ? [SSM_POLICY] : []), ...addonManagedPolicies(ng)]);
    const count = managed.size + ng.iam.attachPolicyARNs.filter((arn) => ![...managed].some((n) => isAwsManagedPolicy(arn, n))).length;
    if (count > MANAGED_POLICIES_PER_ROLE.quota) {
      const why = `would carry ${count} managed policies (${managed.size} of eksng${addons.length > 0 ? ' and the add-ons' : ''}, the rest from attachPolicyARNs)`;
      problems.push(
        count > MANAGED_POLICIES_PER_ROLE.max
          ? error('rule.managed-policy-limit', at('iam'), `${why}; IAM allows at most ${MANAGED_POLICIES_PER_ROLE.max} per role: remove some`)
          : warning('rule.managed-policy-quota', at('iam'), `${why}; IAM's default quota is ${MANAGED_POLICIES_PER_ROLE.quota} per role (up to ${MANAGED_POLICIES_PER_ROLE.max} on request): the deploy fails unless the account's quota was raised`),
      );
    }
    const inline = addonInlinePolicies(config.cluster.name, ng).reduce((n, p) => n + JSON.stringify(p.PolicyDocument).replace(/\s/g, '').length, 0);
    if (inline > INLINE_POLICY_CHARACTERS) {
      problems.push(error('rule.inline-policy-limit', at('iam', 'withAddonPolicies'), `makes inline policies of ${inline} characters; IAM allows ${INLINE_POLICY_CHARACTERS} per role: move some add-ons to Pod Identity or IRSA roles`));
    }
  }
  return problems;
}
