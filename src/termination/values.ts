/**
 * `termination-handler-values.yaml`: the Helm values that run aws-node-termination-handler in
 * queue-processor mode against the cluster's queue, acting only on instances with the cluster's
 * managed tag. Every key is one the chart defines (a test checks them against the chart's
 * values.yaml at the version in nth.json). IMDS-mode keys are never written: in queue mode the chart
 * ignores them.
 */
import type { Config, Partition } from '../config/types';
import { renderYaml } from '../render';
import { managedTagKey, NTH } from './data';
import { terminationQueueName, terminationStackName, TerminationOutputs, usesTerminationHandling } from './stack';

export const TERMINATION_VALUES_FILE = 'termination-handler-values.yaml';

const SQS_DOMAIN: Record<Partition, string> = { aws: 'amazonaws.com', 'aws-cn': 'amazonaws.com.cn', 'aws-us-gov': 'amazonaws.com' };

/** The queue's URL when it is known before deployment: a queue the config names, or eksng's own with cluster.accountId. */
export function terminationQueueUrl(config: Config): string | null {
  const c = config.cluster;
  if (c.terminationQueueArn !== null) {
    const [, partition, , region, account, name] = c.terminationQueueArn.split(':');
    return `https://sqs.${region}.${SQS_DOMAIN[partition as Partition]}/${account}/${name}`;
  }
  return c.accountId === null ? null : `https://sqs.${c.region}.${SQS_DOMAIN[c.partition]}/${c.accountId}/${terminationQueueName(c.name)}`;
}

/** The values in the order the chart's README lists them; null when no group uses termination handling. */
export function terminationValues(config: Config): Record<string, unknown> | null {
  if (!usesTerminationHandling(config)) return null;
  const url = terminationQueueUrl(config);
  return {
    enableSqsTerminationDraining: true,
    ...(url === null ? {} : { queueURL: url }),
    awsRegion: config.cluster.region,
    checkTagBeforeDraining: true,
    managedTag: managedTagKey(config.cluster.name),
  };
}

export function renderTerminationValues(config: Config, header: readonly string[]): string | null {
  const values = terminationValues(config);
  if (values === null) return null;
  const note =
    'queueURL' in values
      ? []
      : ['', `queueURL is known only once the stack ${terminationStackName(config.cluster.name)} exists (set cluster.accountId to know it now):`, `pass it with --set queueURL=<its output ${TerminationOutputs.queueUrl}>, as eksng generate prints.`];
  return renderYaml(values, [...header, `Helm values for aws-node-termination-handler ${NTH.source.version} (chart ${NTH.helm.version}) in queue-processor mode.`, ...note]);
}

/** The helm command that installs or upgrades the handler with these values. */
export function helmCommand(config: Config, valuesFile: string): string {
  const url = terminationQueueUrl(config);
  const setUrl =
    url === null
      ? ` --set queueURL="$(aws cloudformation describe-stacks --region ${config.cluster.region} --stack-name ${terminationStackName(config.cluster.name)} --query "Stacks[0].Outputs[?OutputKey=='${TerminationOutputs.queueUrl}'].OutputValue" --output text)"`
      : '';
  return `helm upgrade --install ${NTH.helm.releaseName} ${NTH.helm.repository} --version ${NTH.helm.version} --namespace ${NTH.helm.namespace} -f ${valuesFile}${setUrl}`;
}
