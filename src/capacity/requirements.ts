/**
 * Attribute-based instance selection: the group's `MixedInstancesPolicy` overrides carry one
 * `InstanceRequirements`, and EC2 chooses every current type that matches (and types AWS adds
 * later). One AMI serves the group, so the requirements must fix its architecture and accelerator.
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/create-mixed-instances-group-attribute-based-instance-type-selection.html
 */
import type { At } from '../families/family';
import type { NodeGroupInput } from '../config/types';
import { error, Problem, warning } from '../problems';
import { architecturesOf, MANUFACTURERS_OF, requirementsAccelerator } from './resolve';
import type { InstanceRequirements, Range, RangeInput } from './types';

function rangeProperty(r: Range): Record<string, number> {
  return { ...(r.min === null ? {} : { Min: r.min }), ...(r.max === null ? {} : { Max: r.max }) };
}

const list = (key: string, values: readonly string[]) => (values.length === 0 ? {} : { [key]: [...values] });
const num = (key: string, value: number | null) => (value === null ? {} : { [key]: value });

/** The CloudFormation `InstanceRequirements` of the group's override. */
export function instanceRequirementsProperty(r: InstanceRequirements): Record<string, unknown> {
  const accelerators = rangeProperty(r.acceleratorCount);
  return {
    VCpuCount: rangeProperty(r.vCpu),
    MemoryMiB: rangeProperty(r.memoryMiB),
    CpuManufacturers: [...r.cpuManufacturers],
    InstanceGenerations: [...r.instanceGenerations],
    ...list('AcceleratorTypes', r.acceleratorTypes),
    ...list('AcceleratorManufacturers', r.acceleratorManufacturers),
    ...(Object.keys(accelerators).length === 0 ? {} : { AcceleratorCount: accelerators }),
    BurstablePerformance: r.burstablePerformance,
    BareMetal: r.bareMetal,
    LocalStorage: r.localStorage,
    ...list('LocalStorageTypes', r.localStorageTypes),
    ...list('ExcludedInstanceTypes', r.excludedInstanceTypes),
    ...list('AllowedInstanceTypes', r.allowedInstanceTypes),
    ...num('SpotMaxPricePercentageOverLowestPrice', r.spotMaxPricePercentageOverLowestPrice),
    ...num('OnDemandMaxPricePercentageOverLowestPrice', r.onDemandMaxPricePercentageOverLowestPrice),
  };
}

function rangeOrder(r: RangeInput | undefined, at: string): Problem[] {
  return r && r.min !== undefined && r.max !== undefined && r.min > r.max ? [error('rule.requirements-range', at, `has min ${r.min} above max ${r.max}`)] : [];
}

/** The rules of instanceRequirements, on the input (who set what: defaults would hide it). */
export function checkInstanceRequirements(input: NodeGroupInput, at: At): Problem[] {
  const problems: Problem[] = [];
  const r = input.instanceRequirements;
  if (!r) {
    if (input.instancesDistribution && input.instancesDistribution.instanceTypes === undefined) {
      problems.push(error('rule.distribution-needs-types', at('instancesDistribution'), 'must list instanceTypes, unless the group chooses its types by instanceRequirements'));
    }
    return problems;
  }
  const req = (...rest: string[]) => at('instanceRequirements', ...rest);
  if (input.instanceType !== undefined) {
    problems.push(error('rule.requirements-and-types', at('instanceType'), 'cannot be given with instanceRequirements, which chooses the types: leave one out'));
  }
  if (input.instancesDistribution?.instanceTypes !== undefined) {
    problems.push(error('rule.requirements-and-types', at('instancesDistribution', 'instanceTypes'), 'cannot be given with instanceRequirements, which chooses the types: keep only the distribution settings, or leave instanceRequirements out'));
  }
  const allowed = architecturesOf(r.cpuManufacturers);
  if (r.architecture === undefined && allowed.length > 1) {
    const which = r.cpuManufacturers ? `cpuManufacturers ${JSON.stringify(r.cpuManufacturers)}` : 'no cpuManufacturers';
    problems.push(error('rule.requirements-architecture', req('architecture'), `is required: ${which} allow both x86_64 and arm64 types, and one AMI serves one architecture; set "x86_64" or "arm64" (or cpuManufacturers of one architecture)`));
  }
  if (r.architecture !== undefined && !allowed.includes(r.architecture)) {
    problems.push(error('rule.requirements-architecture', req('architecture'), `is ${r.architecture}, but cpuManufacturers ${JSON.stringify(r.cpuManufacturers)} make only ${allowed.join(', ')} types; ${r.architecture} needs ${JSON.stringify(MANUFACTURERS_OF[r.architecture])}`));
  }
  problems.push(...rangeOrder(r.vCpu, req('vCpu')), ...rangeOrder(r.memoryMiB, req('memoryMiB')), ...rangeOrder(r.acceleratorCount, req('acceleratorCount')));
  if (r.excludedInstanceTypes && r.allowedInstanceTypes) {
    problems.push(error('rule.requirements-allowed-and-excluded', req('allowedInstanceTypes'), 'cannot be given with excludedInstanceTypes (EC2 takes one or the other)'));
  }
  const makers = r.acceleratorManufacturers ?? [];
  if (makers.includes('nvidia') && makers.includes('amazon-web-services')) {
    problems.push(error('rule.requirements-accelerator', req('acceleratorManufacturers'), 'names NVIDIA and AWS accelerators, which need different AMIs (nvidia, neuron): make a node group for each'));
  } else if ((r.acceleratorTypes?.length || r.acceleratorCount) && requirementsAccelerator(r) === 'none' && makers.length === 0) {
    problems.push(error('rule.requirements-accelerator', req('acceleratorManufacturers'), 'is required with acceleratorTypes or acceleratorCount: the manufacturer decides the AMI (["nvidia"]: the NVIDIA AMI; ["amazon-web-services"]: the Neuron AMI)'));
  } else if (makers.length > 0 && requirementsAccelerator(r) === 'none') {
    problems.push(warning('rule.requirements-accelerator', req('acceleratorManufacturers'), `names ${makers.join(', ')} accelerators, for which the EKS AMIs ship no driver: the nodes get the standard AMI`));
  }
  if (input.maxPodsPerNode !== undefined) {
    problems.push(error('rule.requirements-max-pods', at('maxPodsPerNode'), `is one number for every type instanceRequirements may choose (${r.vCpu.min}${r.vCpu.max === undefined ? '+' : `-${r.vCpu.max}`} vCPUs), and the pods a node can address depend on its type's network interfaces: leave it out (each node computes its own) or, on AmazonLinux2023, give maxPodsExpression`));
  }
  if (r.localStorage === 'excluded' && input.localStorage !== undefined) {
    problems.push(error('rule.local-storage-excluded', req('localStorage'), 'is "excluded", but the group\'s localStorage needs instance-store disks: leave it out (eksng then requires them)'));
  }
  return problems;
}
