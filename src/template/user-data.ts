/**
 * Node user data. Every value substituted into it is a template parameter whose AllowedPattern
 * excludes quotes, `$`, backticks, whitespace and newlines (see parameters.ts), and no free-form
 * config string is ever written into it: no value can inject shell or YAML.
 */
import { Config, NodeGroup } from '../config/types';
import { Params } from './logical-ids';

const ref = (name: string) => `\${${name}}`;

/** The MIME boundary; any string that cannot occur in the parts works. */
export const MIME_BOUNDARY = '//';

/**
 * AL2023: a nodeadm NodeConfig in a MIME multipart document
 * (https://awslabs.github.io/amazon-eks-ami/nodeadm/). nodeadm cannot discover the endpoint, CA
 * or service CIDR, so all three are given.
 */
export function al2023UserData(): string {
  return [
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${MIME_BOUNDARY}"`,
    '',
    `--${MIME_BOUNDARY}`,
    'Content-Type: application/node.eks.aws',
    '',
    '---',
    'apiVersion: node.eks.aws/v1alpha1',
    'kind: NodeConfig',
    'spec:',
    '  cluster:',
    `    name: ${ref(Params.clusterName)}`,
    `    apiServerEndpoint: ${ref(Params.apiServerEndpoint)}`,
    `    certificateAuthority: ${ref(Params.certificateAuthorityData)}`,
    `    cidr: ${ref(Params.serviceCidr)}`,
    '',
    `--${MIME_BOUNDARY}--`,
    '',
  ].join('\n');
}

/**
 * AL2: /etc/eks/bootstrap.sh. With endpoint and CA given, bootstrap skips its DescribeCluster
 * call; with a service CIDR, the cluster DNS IP is passed instead of guessed from the VPC CIDR.
 */
export function al2UserData(config: Config): string {
  const args = [`'${ref(Params.clusterName)}'`];
  if (config.cluster.endpoint !== null && config.cluster.certificateAuthorityData !== null) {
    args.push(`--apiserver-endpoint '${ref(Params.apiServerEndpoint)}'`, `--b64-cluster-ca '${ref(Params.certificateAuthorityData)}'`);
  }
  if (config.cluster.serviceCidr !== null) args.push(`--dns-cluster-ip '${ref(Params.dnsClusterIp)}'`);
  return ['#!/bin/bash', 'set -o errexit -o nounset -o xtrace', `/etc/eks/bootstrap.sh ${args.join(' ')}`, ''].join('\n');
}

export function buildUserData(config: Config, ng: NodeGroup): string {
  switch (ng.amiFamily) {
    case 'AmazonLinux2023':
      return al2023UserData();
    case 'AmazonLinux2':
      return al2UserData(config);
  }
}
