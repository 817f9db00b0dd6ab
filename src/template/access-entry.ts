/**
 * `AWS::EKS::AccessEntry` (cloudform-types has no class for it): lets the node role join a cluster
 * whose authentication mode is API or API_AND_CONFIG_MAP. Creating one on a CONFIG_MAP cluster
 * fails the stack, so it is only added for the API modes.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-eks-accessentry.html
 */
import { ResourceBase, ResourceTag } from 'cloudform-types/types/resource';
import { List, Value } from 'cloudform-types/types/dataTypes';
import { Ref } from 'cloudform-types/types/functions';
import { Config, NodeGroup } from '../config/types';
import { roleArnValue } from './iam';
import { familyOf } from '../families';
import { optionalTags } from '../cfn/tags';
import { Params, Resources } from './logical-ids';


export interface AccessEntryProperties {
  ClusterName: Value<string>;
  PrincipalArn: Value<string>;
  Type?: Value<'STANDARD' | 'EC2_LINUX' | 'EC2_WINDOWS' | 'FARGATE_LINUX'>;
  Username?: Value<string>;
  KubernetesGroups?: List<Value<string>>;
  Tags?: List<ResourceTag>;
}

export class AccessEntry extends ResourceBase<AccessEntryProperties> {
  constructor(properties: AccessEntryProperties) {
    super('AWS::EKS::AccessEntry', properties);
  }
}

export function usesAccessEntries(config: Config): boolean {
  return config.cluster.authenticationMode !== 'CONFIG_MAP';
}

/** aws-auth is read by the cluster in CONFIG_MAP and API_AND_CONFIG_MAP modes only. */
export function usesAwsAuth(config: Config): boolean {
  return config.cluster.authenticationMode !== 'API';
}

export function buildAccessEntry(config: Config, ng: NodeGroup): Record<string, AccessEntry> {
  if (!usesAccessEntries(config)) return {};
  return {
    [Resources.nodeAccessEntry]: new AccessEntry({
      ClusterName: Ref(Params.clusterName),
      PrincipalArn: roleArnValue(ng),
      // EC2_LINUX or EC2_WINDOWS: EKS gives the entry the node username and groups itself.
      Type: familyOf(ng).node.accessEntryType,
      ...optionalTags(ng.tags),
    }),
  };
}
