/**
 * aws-node-termination-handler's contract, as data from its public sources (nth.json; repository,
 * tag and files in its `source`, how to refresh in README.md beside it): the queue-mode Helm values,
 * the EventBridge rules and queue its README sets up, and the permissions the handler needs.
 */
import data from './nth.json';
import { shortened } from '../cfn/stack-names';

export interface EventRuleData {
  readonly cfnLogicalId: string;
  readonly purpose: string;
  readonly eventPattern: Readonly<Record<string, unknown>>;
}

export const NTH = {
  source: data.source as { readonly repository: string; readonly version: string; readonly chartVersion: string },
  helm: data.helm as { readonly repository: string; readonly releaseName: string; readonly version: string; readonly namespace: string; readonly registryLogin: string },
  managedTag: data.managedTag as { readonly key: string },
  iamPolicy: data.iamPolicy as { readonly Version: string; readonly Statement: ReadonlyArray<{ readonly Effect: string; readonly Action: readonly string[]; readonly Resource: string }> },
  eventRules: data.eventRules as unknown as readonly EventRuleData[],
  queue: data.queue as { readonly messageRetentionSeconds: number },
};

/** Tag keys: at most 128 characters. */
const TAG_KEY_MAX = 128;

/**
 * The tag the handler acts on, one per cluster: `aws-node-termination-handler/<cluster>` instead of
 * the chart's default `aws-node-termination-handler/managed`, because EventBridge's EC2 rules are
 * account-wide: with the default, a second cluster's handler in the same account and region would
 * drain (and complete the lifecycle actions of) this cluster's instances. The value does not matter.
 */
export function managedTagKey(clusterName: string): string {
  return shortened(`${NTH.managedTag.key.split('/')[0]}/${clusterName}`, TAG_KEY_MAX);
}
