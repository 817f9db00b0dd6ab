/**
 * `eksng generate --cluster-outputs <file>`: the cluster stack's outputs (the JSON of
 * `aws cloudformation describe-stacks --output json`) fill in the cluster fields a node-group config
 * lacks. Pure: the caller reads both files, and resolves and checks the result afterwards
 * (`loadConfigInput`).
 *
 * Where the config already has a value, the config wins: it may be deliberate (only some of the
 * subnets, an endpoint behind a proxy), so a differing output is a warning, not an error. Two cases
 * are errors, because they can only be mistakes: a stack of another cluster, and a config `vpcId`
 * that differs from the stack's while subnets or the security group come from the stack (nodes would
 * get subnets of one VPC and a security group of another, which fails only at deploy time).
 */
import { matches, PATTERNS, PatternName } from '../config/patterns';
import { ClusterInput, ConfigInput } from '../config/types';
import { error, hasErrors, note, pointer, Problem, warning } from '../problems';
import { clusterStackName } from '../cfn/stack-names';
import { OutputName, Outputs } from './logical-ids';

/** The config fields the cluster stack can give, with the output that holds each and its syntax. */
export const FILLED_FROM_OUTPUTS = [
  { field: 'vpcId', output: Outputs.vpcId, pattern: 'vpcId' },
  { field: 'subnetIds', output: Outputs.subnetIds, pattern: 'subnetId' },
  { field: 'controlPlaneSecurityGroupId', output: Outputs.controlPlaneSecurityGroupId, pattern: 'securityGroupId' },
  { field: 'endpoint', output: Outputs.endpoint, pattern: 'endpoint' },
  { field: 'certificateAuthorityData', output: Outputs.certificateAuthorityData, pattern: 'base64' },
  { field: 'serviceCidr', output: Outputs.serviceCidr, pattern: 'ipv4Cidr' },
  { field: 'clusterSecurityGroupId', output: Outputs.clusterSecurityGroupId, pattern: 'securityGroupId' },
] as const satisfies ReadonlyArray<{ field: keyof ClusterInput; output: OutputName; pattern: PatternName }>;

type FilledFieldName = (typeof FILLED_FROM_OUTPUTS)[number]['field'];

/** Outputs every eksng cluster stack has: how a cluster stack is recognised. */
const REQUIRED_OUTPUTS: readonly OutputName[] = [Outputs.vpcId, Outputs.subnetIds, Outputs.controlPlaneSecurityGroupId];

export interface FilledField {
  /** The config field, as a JSON pointer: `/cluster/vpcId`. */
  readonly pointer: string;
  /** Where the value came from: `cluster-outputs.json#/Stacks/0/Outputs/2/OutputValue`. */
  readonly from: string;
}

export interface ClusterOutputsResult {
  /** The config with the missing fields filled in; the input itself (not a copy) when there is any error. */
  readonly input: ConfigInput;
  readonly filled: readonly FilledField[];
  /** Pointers into the config file: conflicts between its values and the stack's. */
  readonly configProblems: readonly Problem[];
  /** Pointers into the outputs file: not a cluster stack, another cluster's stack, malformed values. */
  readonly outputsProblems: readonly Problem[];
}

interface DescribedStack {
  StackName?: unknown;
  StackStatus?: unknown;
  Outputs?: unknown;
}

interface FoundOutput {
  readonly value: string;
  /** Pointer into the outputs file. */
  readonly at: string;
}

/**
 * @param input a config that passed the schema (`parseConfig`)
 * @param describeStacks the parsed JSON of `aws cloudformation describe-stacks --stack-name <cluster stack> --output json`
 * @param outputsFile the outputs file's name as the user wrote it, for messages
 */
export function applyClusterOutputs(input: ConfigInput, describeStacks: unknown, outputsFile: string): ClusterOutputsResult {
  const fail = (problems: Problem[]): ClusterOutputsResult => ({ input, filled: [], configProblems: [], outputsProblems: problems });
  const stacks = (describeStacks as { Stacks?: unknown } | null)?.Stacks;
  const saveHint = `save it with: aws cloudformation describe-stacks --stack-name ${clusterStackName(input.cluster.name)} --output json > ${outputsFile}`;
  if (!Array.isArray(stacks)) {
    return fail([error('cluster-outputs.shape', pointer('Stacks'), `must be the list printed by aws cloudformation describe-stacks; ${saveHint}`)]);
  }
  let candidates = stacks.map((s: DescribedStack, i) => ({ outputs: outputsOf(s, i) })).filter((s) => REQUIRED_OUTPUTS.every((o) => s.outputs.has(o)));
  if (candidates.length > 1) candidates = candidates.filter((s) => s.outputs.get(Outputs.clusterName)?.value === input.cluster.name);
  if (candidates.length !== 1) {
    const described = stacks.map((s: DescribedStack) => `${String(s?.StackName ?? '?')} (${String(s?.StackStatus ?? 'no status')})`).join(', ') || 'none';
    const why =
      candidates.length === 0
        ? `holds no eksng cluster stack: none has the outputs ${REQUIRED_OUTPUTS.join(', ')} (stacks: ${described}); a stack still being created has no outputs yet, and a node-group stack is not the cluster stack`
        : `holds ${candidates.length} cluster stacks of cluster ${input.cluster.name}; keep only one`;
    return fail([error('cluster-outputs.not-a-cluster-stack', pointer('Stacks'), `${why}; ${saveHint}`)]);
  }
  const { outputs } = candidates[0];
  const problems: Problem[] = [];
  const name = outputs.get(Outputs.clusterName);
  if (name && name.value !== input.cluster.name) {
    problems.push(error('cluster-outputs.other-cluster', name.at, `is the stack of cluster "${name.value}", not of cluster.name "${input.cluster.name}"`));
  }
  const values = new Map<FilledFieldName, { value: string | string[]; at: string }>();
  for (const { field, output, pattern } of FILLED_FROM_OUTPUTS) {
    const found = outputs.get(output);
    if (!found) continue;
    const value = field === 'subnetIds' ? found.value.split(',') : found.value;
    const bad = (Array.isArray(value) ? value : [value]).find((v) => !matches(pattern, v));
    if (bad !== undefined) {
      problems.push(error('cluster-outputs.value', found.at, `must be ${Array.isArray(value) ? 'a comma-separated list of ' : ''}${PATTERNS[pattern].describe}, got ${JSON.stringify(bad)}`));
    } else {
      values.set(field, { value, at: found.at });
    }
  }
  const zones = subnetZones(outputs);
  problems.push(...zones.problems);
  if (problems.length > 0) return fail(problems);
  const merged = merge(input, values, outputsFile);
  if (hasErrors(merged.configProblems)) return merged;
  return placeNodeGroups(merged, zones.sets, outputsFile);
}

/** Outputs of one stack by key, with their pointers; values that are not strings are left out. */
function outputsOf(stack: DescribedStack, i: number): Map<string, FoundOutput> {
  const result = new Map<string, FoundOutput>();
  if (!Array.isArray(stack?.Outputs)) return result;
  stack.Outputs.forEach((o: { OutputKey?: unknown; OutputValue?: unknown }, j: number) => {
    if (typeof o?.OutputKey === 'string' && typeof o.OutputValue === 'string') {
      result.set(o.OutputKey, { value: o.OutputValue, at: pointer('Stacks', i, 'Outputs', j, 'OutputValue') });
    }
  });
  return result;
}

/** Subnet lists are the same in any order. */
function sameValue(a: string | readonly string[], b: string | readonly string[]): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  const sortedB = [...b].sort();
  return a.length === b.length && [...a].sort().every((v, i) => v === sortedB[i]);
}

function merge(input: ConfigInput, values: Map<FilledFieldName, { value: string | string[]; at: string }>, outputsFile: string): ClusterOutputsResult {
  const cluster: ClusterInput = { ...input.cluster };
  const filled: FilledField[] = [];
  const configProblems: Problem[] = [];
  for (const { field, output } of FILLED_FROM_OUTPUTS) {
    const fromStack = values.get(field);
    if (!fromStack) continue;
    const from = `${outputsFile}#${fromStack.at}`;
    const own = input.cluster[field];
    if (own === undefined) {
      // Each field's type matches its pattern's; the assignment goes through one typed write.
      (cluster as Record<FilledFieldName, string | string[] | undefined>)[field] = fromStack.value;
      filled.push({ pointer: pointer('cluster', field), from });
    } else if (!sameValue(own, fromStack.value)) {
      const shown = Array.isArray(fromStack.value) ? fromStack.value.join(',') : fromStack.value;
      configProblems.push(warning('cluster-outputs.conflict', pointer('cluster', field), `differs from the cluster stack's output ${output} "${shown}" (${from}); the config's value is used`));
    }
  }
  const vpc = values.get('vpcId');
  const mixed = filled.filter((f) => f.pointer === pointer('cluster', 'subnetIds') || f.pointer === pointer('cluster', 'controlPlaneSecurityGroupId'));
  if (vpc && input.cluster.vpcId !== undefined && input.cluster.vpcId !== vpc.value && mixed.length > 0) {
    const taken = mixed.map((f) => f.pointer.slice(1).replace('/', '.')).join(' and ');
    const mixedVpc = error(
      'cluster-outputs.mixed-vpc',
      pointer('cluster', 'vpcId'),
      `is not the cluster stack's VPC ${String(vpc.value)} (${outputsFile}#${vpc.at}), yet ${taken} would come from that stack: the nodes would get subnets or a security group of another VPC. Remove cluster.vpcId, or give ${taken} too`,
    );
    return { input, filled: [], configProblems: [mixedVpc, ...configProblems.filter((p) => p.pointer !== pointer('cluster', 'vpcId'))], outputsProblems: [] };
  }
  return { input: { ...input, cluster }, filled, configProblems, outputsProblems: [] };
}

/** The subnets of one kind in the cluster stack, with their zones when the stack reports them. */
interface SubnetSet {
  readonly kind: 'public' | 'private';
  readonly ids: readonly string[];
  /** Same order as ids; null: a stack made before eksng reported zones. */
  readonly zones: readonly string[] | null;
  /** Pointer of the ids output in the outputs file. */
  readonly at: string;
}

const SUBNET_KINDS = [
  { kind: 'public', ids: Outputs.publicSubnetIds, zones: Outputs.publicSubnetZones },
  { kind: 'private', ids: Outputs.privateSubnetIds, zones: Outputs.privateSubnetZones },
] as const;

/** The stack's public and private subnets with their zones; malformed lists are problems in the outputs file. */
function subnetZones(outputs: Map<string, FoundOutput>): { sets: SubnetSet[]; problems: Problem[] } {
  const sets: SubnetSet[] = [];
  const problems: Problem[] = [];
  for (const k of SUBNET_KINDS) {
    const ids = outputs.get(k.ids);
    if (!ids) continue;
    const idList = ids.value.split(',');
    const badId = idList.find((v) => !matches('subnetId', v));
    if (badId !== undefined) {
      problems.push(error('cluster-outputs.value', ids.at, `must be a comma-separated list of ${PATTERNS.subnetId.describe}, got ${JSON.stringify(badId)}`));
      continue;
    }
    const zones = outputs.get(k.zones);
    const zoneList = zones ? zones.value.split(',') : null;
    if (zones && zoneList) {
      const badZone = zoneList.find((v) => !matches('availabilityZone', v));
      if (badZone !== undefined || zoneList.length !== idList.length) {
        const why = badZone !== undefined ? `got ${JSON.stringify(badZone)}` : `it has ${zoneList.length} zones for the ${idList.length} subnets of ${k.ids}`;
        problems.push(error('cluster-outputs.value', zones.at, `must be a comma-separated list of ${PATTERNS.availabilityZone.describe}, one per subnet of ${k.ids}; ${why}`));
        continue;
      }
    }
    sets.push({ kind: k.kind, ids: idList, zones: zoneList, at: ids.at });
  }
  return { sets, problems };
}

/**
 * Where each node group without its own `subnetIds` runs, when the cluster stack says more than
 * its default node subnets: `privateNetworking` takes the private subnets, `associatePublicIpAddress:
 * true` the public ones, `availabilityZones` those of the chosen subnets in the zones listed. The
 * choice is written into the group's `subnetIds` (and reported as filled). Kinds are chosen only
 * when the cluster's subnets came from the stack too: subnets the config lists are the user's choice.
 */
/** The zones of these subnets, sorted and each once; null when the stack does not report one of them. */
function zonesOf(subnets: readonly string[], sets: readonly SubnetSet[]): string[] | null {
  const zoneOf = new Map<string, string>();
  for (const set of sets) set.ids.forEach((id, j) => set.zones && zoneOf.set(id, set.zones[j]));
  if (subnets.length === 0 || subnets.some((id) => !zoneOf.has(id))) return null;
  return [...new Set(subnets.map((id) => zoneOf.get(id)!))].sort();
}

function placeNodeGroups(result: ClusterOutputsResult, sets: readonly SubnetSet[], outputsFile: string): ClusterOutputsResult {
  const { input } = result;
  const compliance = input.compliance !== undefined;
  const clusterSubnets = input.cluster.subnetIds ?? [];
  const kindsChosen = result.filled.some((f) => f.pointer === pointer('cluster', 'subnetIds'));
  const setOf = (kind: SubnetSet['kind']) => sets.find((s) => s.kind === kind) ?? null;
  const filled: FilledField[] = [...result.filled];
  const problems: Problem[] = [...result.configProblems];
  const nodeGroups = input.nodeGroups.map((ng, i) => {
    const at = (...rest: Array<string | number>) => pointer('nodeGroups', i, ...rest);
    if (ng.subnetIds !== undefined) return ng;
    // The compliance profile gives nodes no public IP: the private subnets, as privateNetworking would.
    const privateWanted = ng.privateNetworking === true || (compliance && ng.associatePublicIpAddress !== true);
    const wanted: SubnetSet['kind'] | null = !kindsChosen ? null : privateWanted ? 'private' : ng.associatePublicIpAddress === true ? 'public' : null;
    const chosen = wanted === null ? null : setOf(wanted);
    if (wanted === 'private' && chosen === null) {
      problems.push(
        error(
          'cluster-outputs.no-private-subnets',
          at('privateNetworking'),
          `asks for private subnets, but the cluster stack has none (${outputsFile} has no ${Outputs.privateSubnetIds}): in its public subnets these nodes would have no public IP and no NAT gateway, and could not reach the internet to join. Give the cluster stack private subnets (network.privateSubnets: 2 or 3, then update it), or leave privateNetworking out`,
        ),
      );
      return ng;
    }
    let subnets = chosen ? chosen.ids : clusterSubnets;
    let why = chosen ? `the ${chosen.kind} subnets` : '';
    if (ng.availabilityZones !== undefined) {
      const zoneOf = new Map<string, string>();
      for (const set of sets) set.ids.forEach((id, j) => set.zones && zoneOf.set(id, set.zones[j]));
      const unknown = subnets.find((id) => !zoneOf.has(id));
      if (unknown !== undefined) {
        const reason = sets.some((s) => s.zones !== null)
          ? `the zone of subnet ${unknown} (cluster.subnetIds) is not in the cluster stack's outputs`
          : `the cluster stack reports no subnet zones (outputs ${Outputs.publicSubnetZones}, ${Outputs.privateSubnetZones}; stacks made by older eksng versions lack them): update it with the template eksng cluster writes now`;
        problems.push(error('cluster-outputs.zones-unknown', at('availabilityZones'), `cannot be placed: ${reason}; or list this group's subnetIds instead`));
        return ng;
      }
      const offered = [...new Set(subnets.map((id) => zoneOf.get(id)!))].sort();
      const missing = ng.availabilityZones.map((z, j) => ({ z, j })).filter(({ z }) => !offered.includes(z));
      for (const { z, j } of missing) {
        problems.push(error('cluster-outputs.zone', at('availabilityZones', j), `has none of ${why || 'the cluster\'s node subnets'}: "${z}" is not one of their zones ${offered.map((o) => `"${o}"`).join(', ')}`));
      }
      if (missing.length > 0) return ng;
      subnets = subnets.filter((id) => ng.availabilityZones!.includes(zoneOf.get(id)!));
      why = `${why || 'the cluster\'s node subnets'} in ${ng.availabilityZones.join(', ')}`;
    }
    const { availabilityZones: _placed, ...rest } = ng;
    // The compliance profile keeps the zones of the chosen subnets in the group: CT.AUTOSCALING.PR.1 must see them.
    const zones = compliance ? zonesOf(subnets, sets) : null;
    const placed = zones ? { ...rest, availabilityZones: zones } : rest;
    if (sameValue(subnets, clusterSubnets)) return ng.availabilityZones === undefined && zones === null ? ng : placed;
    const from = chosen ?? sets.find((s) => subnets.every((id) => s.ids.includes(id)));
    filled.push({ pointer: at('subnetIds'), from: `${outputsFile}#${from ? from.at : '/Stacks'}: ${why}` });
    return { ...placed, subnetIds: [...subnets] };
  });
  if (hasErrors(problems)) return { input, filled: [], configProblems: problems, outputsProblems: [] };
  // Nodes in the public subnets of an eksng cluster stack get public IPs from the subnets unless told otherwise.
  const publicSet = setOf('public');
  nodeGroups.forEach((ng, i) => {
    const subnets = ng.subnetIds ?? clusterSubnets;
    if (publicSet && setOf('private') && ng.associatePublicIpAddress === undefined && ng.privateNetworking !== true && subnets.length > 0 && subnets.every((id) => publicSet.ids.includes(id))) {
      problems.push(note('cluster-outputs.public-ip', pointer('nodeGroups', i), 'runs in the cluster stack\'s public subnets, which give every node a public IPv4 address (MapPublicIpOnLaunch); set privateNetworking: true for the private subnets'));
    }
  });
  return { input: { ...input, nodeGroups }, filled, configProblems: problems, outputsProblems: [] };
}
