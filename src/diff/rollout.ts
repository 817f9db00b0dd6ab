/**
 * What a change does to running nodes: whether a stack update replaces instances, how many, in how
 * many batches, and how long the group's rolling-update policy takes at least. Pure: it compares the
 * instance-defining parts of two node-group templates with every parameter at its default (what the
 * generated parameters file deploys).
 *
 * CloudFormation replaces a group's instances (AutoScalingRollingUpdate) when its launch template
 * (a new version: any change of LaunchTemplateData), MixedInstancesPolicy or VPCZoneIdentifier
 * changes. https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-updatepolicy.html
 */
import { isDeepStrictEqual } from 'util';
import { isoSeconds } from '../config/duration';

/** A parsed template, read loosely: any part may be missing or of another shape. */
type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

export interface Rollout {
  readonly nodeGroup: string;
  /** The launch-template fields and group properties that changed, in template order; empty: nothing is replaced. */
  readonly changed: readonly string[];
  /** Nodes the update replaces: the group's desired capacity. */
  readonly nodes: number;
  readonly batchSize: number;
  readonly batches: number;
  /** batches × the pause after each batch. */
  readonly minimumSeconds: number;
  /** Whether the group follows the recommended AMI, which AWS may have moved since the last update. */
  readonly floatingAmi: boolean;
  /** Whether the autoscaler may run more or fewer nodes than the desired capacity. */
  readonly autoscaled: boolean;
  /** updatePolicy.waitForNodes: each batch waits for its nodes' signals, at most the pause. */
  readonly waitsForNodes: boolean;
}

/** The template with `Ref`s and `${…}`s of parameters replaced by their defaults. */
function withDefaults(template: unknown): Obj {
  const defaults = new Map<string, unknown>(Object.entries(obj(obj(template).Parameters)).filter(([, p]) => 'Default' in obj(p)).map(([k, p]) => [k, obj(p).Default]));
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const o = v as Obj;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === 'Ref' && defaults.has(String(o.Ref))) return defaults.get(String(o.Ref));
    const sub = o['Fn::Sub'];
    if (keys.length === 1 && typeof sub === 'string') {
      return { 'Fn::Sub': sub.replace(/\$\{([A-Za-z0-9]+)\}/g, (all: string, name: string) => (defaults.has(name) ? String(defaults.get(name)) : all)) };
    }
    return Object.fromEntries(keys.map((k) => [k, walk(o[k])]));
  };
  return obj(walk(template));
}

function resourceOfType(resources: Obj, type: string): Obj {
  return obj(Object.values(resources).find((r) => obj(r).Type === type));
}

/** The parts of a node-group template that define its instances, by name. */
function instanceSpec(template: unknown): Obj {
  const resources = obj(withDefaults(template).Resources);
  const lt = obj(obj(resourceOfType(resources, 'AWS::EC2::LaunchTemplate').Properties).LaunchTemplateData);
  const asg = obj(resourceOfType(resources, 'AWS::AutoScaling::AutoScalingGroup').Properties);
  const mixed = asg.MixedInstancesPolicy === undefined ? undefined : { ...obj(asg.MixedInstancesPolicy), LaunchTemplate: { ...obj(obj(asg.MixedInstancesPolicy).LaunchTemplate), LaunchTemplateSpecification: undefined } };
  return { ...lt, MixedInstancesPolicy: mixed, VPCZoneIdentifier: asg.VPCZoneIdentifier };
}

function parameterDefault(template: unknown, name: string): unknown {
  return obj(obj(obj(template).Parameters)[name]).Default;
}

/**
 * @param oldTemplate the template deployed (or committed) before; null when the group is new
 * @param newTemplate the template the config generates now
 */
export function rolloutOf(nodeGroup: string, oldTemplate: unknown | null, newTemplate: unknown): Rollout {
  const before = oldTemplate === null ? null : instanceSpec(oldTemplate);
  const after = instanceSpec(newTemplate);
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before ?? {})])];
  const changed = before === null ? [] : keys.filter((k) => !isDeepStrictEqual(before[k] ?? null, after[k] ?? null));
  const nodes = Number(parameterDefault(newTemplate, 'NodeAutoScalingGroupDesiredCapacity') ?? 0);
  const asg = resourceOfType(obj(obj(newTemplate).Resources), 'AWS::AutoScaling::AutoScalingGroup');
  const policy = obj(obj(asg.UpdatePolicy).AutoScalingRollingUpdate);
  const batchSize = Math.max(1, Math.min(Number(policy.MaxBatchSize ?? 1), Math.max(nodes, 1)));
  const batches = Math.ceil(nodes / batchSize);
  const ssmParameter = parameterDefault(newTemplate, 'NodeImageIdSSMParam');
  return {
    nodeGroup,
    changed,
    nodes,
    batchSize,
    batches,
    // A pause the template does not state (or not in PT… form) counts as none.
    minimumSeconds: batches * (isoSeconds(String(policy.PauseTime ?? 'PT0S')) || 0),
    floatingAmi: typeof ssmParameter === 'string' && /\/(recommended|latest)\/image_id$/.test(ssmParameter),
    autoscaled: obj(obj(asg.UpdatePolicy).AutoScalingScheduledAction).IgnoreUnmodifiedGroupSizeProperties === true,
    waitsForNodes: policy.WaitOnResourceSignals === true,
  };
}

const minutes = (seconds: number) => (seconds % 60 === 0 ? `${seconds / 60} min` : `${Math.ceil(seconds / 60)} min`);

/** One line: `workers: replaces 10 nodes in 5 batches of 2, ≥ 10 min (updatePolicy); changed: ImageId`. */
export function describeRollout(r: Rollout): string {
  const floating = r.floatingAmi ? '; ami "auto": if AWS published a newer AMI since the last update, the update replaces every node anyway' : '';
  if (r.changed.length === 0) return `${r.nodeGroup}: replaces no node (launch template, instance types and subnets unchanged)${floating}`;
  const count = `${r.nodes} node${r.nodes === 1 ? '' : 's'}${r.autoscaled ? ' (at the desired capacity; the cluster-autoscaler may have set another)' : ''}`;
  const batches = `${r.batches} batch${r.batches === 1 ? '' : 'es'} of ${r.batchSize}`;
  const time = r.waitsForNodes ? `each batch until its new nodes report healthy, ≤ ${minutes(r.minimumSeconds / Math.max(r.batches, 1))} a batch` : `≥ ${minutes(r.minimumSeconds)}`;
  return `${r.nodeGroup}: replaces ${count} in ${batches}, ${time} (updatePolicy); changed: ${r.changed.join(', ')}`;
}
