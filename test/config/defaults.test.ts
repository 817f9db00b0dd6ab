/**
 * One source of defaults: every `default` the published schema shows an editor is what
 * resolveConfig fills in when the field is left out.
 */
import { configSchema, JsonSchema } from '../../src/config/schema';
import { resolveConfig } from '../../src/config/resolve';
import { Config, ConfigInput } from '../../src/config/types';

type Path = string[];

/** Every `default` in the schema, by the property path that leads to it (array items as `[]`). */
function schemaDefaults(schema: JsonSchema, path: Path = []): Array<[Path, unknown]> {
  const found: Array<[Path, unknown]> = 'default' in schema ? [[path, schema.default]] : [];
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [name, child] of Object.entries(properties)) found.push(...schemaDefaults(child, [...path, name]));
  if (schema.items) found.push(...schemaDefaults(schema.items as JsonSchema, [...path, '[]']));
  return found;
}

// GIVEN a config that leaves out every optional field, with each optional object present once.
const input: ConfigInput = {
  cluster: { name: 'c', kubernetesVersion: '1.33' },
  nodeGroups: [
    { name: 'plain' },
    { name: 'nested', ssh: { keyName: 'k', sourceCidr: '10.0.0.0/8' }, taints: [{ key: 't', effect: 'NoSchedule' }], iam: {}, instancesDistribution: { instanceTypes: ['m5.large'] } },
    { name: 'capacity', instanceRequirements: { vCpu: { min: 1 }, memoryMiB: { min: 1 }, architecture: 'x86_64' }, efa: { enabled: true }, warmPool: {} },
  ],
};

/** Where resolveConfig puts each defaulted field (most keep their name and place). */
function resolvedValue(config: Config, path: Path): unknown {
  const [section, ...rest] = path;
  if (section === 'cluster') return (config.cluster as unknown as Record<string, unknown>)[rest[0]];
  if (section === 'network') return (config.network as unknown as Record<string, unknown>)[rest[0]];
  const [, field, ...sub] = rest;
  const plain = config.nodeGroups[0] as unknown as Record<string, unknown>;
  const nested = config.nodeGroups[1];
  switch (field) {
    case 'ssh':
      return (nested.ssh as unknown as Record<string, unknown>)[sub[0]];
    case 'instancesDistribution':
      return (nested.distribution as unknown as Record<string, unknown>)[sub[0]];
    case 'taints':
      return (nested.taints[0] as unknown as Record<string, unknown>)[sub[1]];
    case 'iam':
      return (nested.iam as unknown as Record<string, unknown>)[sub[0]];
    case 'updatePolicy':
      return (config.nodeGroups[0].updatePolicy as unknown as Record<string, unknown>)[sub[0]];
    case 'terminationHandling':
      return (config.nodeGroups[0].terminationHandling as unknown as Record<string, unknown>)[sub[0]];
    case 'instanceRequirements':
    case 'efa':
    case 'warmPool':
      return (config.nodeGroups[2][field] as unknown as Record<string, unknown>)[sub[0]];
    case 'ami':
      return config.nodeGroups[0].ami.kind === 'ssm' && config.nodeGroups[0].ami.auto ? 'auto' : config.nodeGroups[0].ami;
    default:
      return plain[field];
  }
}

/** Schema defaults with no resolved field of their own, and why. */
const NOT_RESOLVED: Record<string, string> = {
  // true forces associatePublicIpAddress to false (and, with --cluster-outputs, picks the private subnets); its default leaves both alone.
  'nodeGroups/[]/privateNetworking': 'alias of associatePublicIpAddress: false, and a subnet choice',
};

describe('schema defaults', () => {
  const defaults = schemaDefaults(configSchema);

  it('finds the defaults (the walk reaches nested objects and array items)', () => {
    expect(defaults.map(([p]) => p.join('/'))).toEqual(expect.arrayContaining(['cluster/region', 'nodeGroups/[]/ssh/allowOpenToWorld', 'nodeGroups/[]/taints/[]/value', 'nodeGroups/[]/instancesDistribution/onDemandBaseCapacity', 'network/vpcCidr']));
    expect(defaults.length).toBeGreaterThanOrEqual(29);
  });

  it.each(schemaDefaults(configSchema).filter(([p]) => !(p.join('/') in NOT_RESOLVED)).map(([p, d]) => [p.join('/'), d] as const))('%s: the schema default %j is what resolveConfig fills in', (joined, dflt) => {
    // WHEN the config is resolved THEN the field holds the schema's default.
    expect(resolvedValue(resolveConfig(input), joined.split('/'))).toEqual(dflt);
  });
});
