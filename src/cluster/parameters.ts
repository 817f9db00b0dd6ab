/**
 * Parameters of the cluster template: what a console user may change at deploy time, each with the
 * config's value as default, a label and a group for the console. Subnet CIDRs are parameters next
 * to the VPC CIDR (as in AWS's sample VPC templates), so a console user who changes one can change
 * the others to match; their defaults come from `subnetLayout`.
 */
import { buildInterfaceMetadata, parameterPattern, ParameterSpec } from '../cfn/parameters';
import { PatternName } from '../config/patterns';
import { subnetLayout } from '../config/network';
import { Config } from '../config/types';
import { Params } from './logical-ids';

export type ClusterParameterGroup = 'cluster' | 'network';

export const CLUSTER_PARAMETER_GROUP_LABELS: Record<ClusterParameterGroup, string> = {
  cluster: 'EKS cluster',
  network: 'Network',
};

/** Every cluster parameter has the config's value. */
export type ClusterParameterSpec = ParameterSpec<ClusterParameterGroup> & { readonly value: string };

const pattern = (name: PatternName) => parameterPattern(name);

function cidr(name: string, label: string, description: string, value: string): ClusterParameterSpec {
  return { name, group: 'network', label, definition: { Type: 'String', Description: description, ...pattern('ipv4Cidr'), Default: value }, value };
}

/** The parameters of the cluster template, in console order. */
export function buildClusterParameterSpecs(config: Config): ClusterParameterSpec[] {
  const c = config.cluster;
  const layout = subnetLayout(config.network);
  const specs: ClusterParameterSpec[] = [
    {
      name: Params.clusterName,
      group: 'cluster',
      label: 'Cluster name',
      definition: {
        Type: 'String',
        Description: c.create ? 'The EKS cluster name.' : 'The name of the EKS cluster that will use this network (in its kubernetes.io/cluster tags).',
        MinLength: 1,
        MaxLength: 100,
        ...pattern('clusterName'),
        Default: c.name,
      },
      value: c.name,
    },
  ];
  if (c.create) {
    specs.push({
      name: Params.kubernetesVersion,
      group: 'cluster',
      label: 'Kubernetes version',
      definition: { Type: 'String', Description: 'Kubernetes minor version of the cluster, e.g. 1.33.', ...pattern('kubernetesVersion'), Default: c.kubernetesVersion },
      value: c.kubernetesVersion,
    });
  }
  specs.push(cidr(Params.vpcBlock, 'VPC CIDR', 'The IPv4 CIDR of the VPC.', config.network.vpcCidr));
  layout.public.forEach((block, i) => specs.push(cidr(Params.publicSubnetBlock(i + 1), `Public subnet ${i + 1} CIDR`, `IPv4 CIDR of public subnet ${i + 1} (availability zone ${i + 1} of the region), inside the VPC CIDR.`, block)));
  layout.private.forEach((block, i) => specs.push(cidr(Params.privateSubnetBlock(i + 1), `Private subnet ${i + 1} CIDR`, `IPv4 CIDR of private subnet ${i + 1} (availability zone ${i + 1} of the region), inside the VPC CIDR.`, block)));
  return specs;
}

/** `AWS::CloudFormation::Interface` metadata for the cluster template. */
export function buildClusterInterfaceMetadata(specs: readonly ClusterParameterSpec[]): object {
  return buildInterfaceMetadata(CLUSTER_PARAMETER_GROUP_LABELS, specs);
}
