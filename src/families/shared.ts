/**
 * Pieces of user data several families write the same way: kubelet flags for labels and taints,
 * the kubelet settings eksng adds, shell quoting, and the MIME boundary of multipart user data.
 */
import { taintFlag } from '../config/kubernetes';
import type { NodeGroup } from '../config/types';
import { subRef } from '../cfn/intrinsics';
import { Params } from '../template/logical-ids';
import type { ParamLookup } from './family';

export { escapeSub } from '../cfn/intrinsics';

/** `${Parameter}` in the user data's `Fn::Sub` string. */
export const ref = subRef;

/** The MIME boundary of multipart user data; a command line starting with `--` and it would end the part. */
export const MIME_BOUNDARY = '//';

/** Root device of the EKS-optimized AMIs (Bottlerocket: its OS volume). */
export const ROOT_DEVICE_NAME = '/dev/xvda';

export const SHELL_PREAMBLE = ['#!/bin/bash', 'set -o errexit -o nounset -o xtrace'];

export function labelsFlag(ng: NodeGroup): string | null {
  const entries = Object.entries(ng.labels);
  return entries.length === 0 ? null : `--node-labels=${entries.map(([k, v]) => `${k}=${v}`).join(',')}`;
}

export function taintsFlag(ng: NodeGroup): string | null {
  return ng.taints.length === 0 ? null : `--register-with-taints=${ng.taints.map(taintFlag).join(',')}`;
}

/** The kubelet configuration eksng adds: maxPods and kubeletExtraConfig (null when none). */
export function kubeletConfig(ng: NodeGroup): Record<string, unknown> | null {
  const config = { ...(ng.maxPodsPerNode === null ? {} : { maxPods: ng.maxPodsPerNode }), ...(ng.kubeletExtraConfig ?? {}) };
  return Object.keys(config).length === 0 ? null : config;
}

/** Explain lines for the cluster values a node is given: name, endpoint and the size of the CA. */
export function explainClusterValues(param: ParamLookup): string[] {
  return [
    `- cluster name \`${param(Params.clusterName)}\``,
    `- API server endpoint \`${param(Params.apiServerEndpoint)}\``,
    `- certificate authority: ${(param(Params.certificateAuthorityData) ?? '').length} characters of base64`,
  ];
}

/** A single-quoted shell word: `'` is the only character that needs care inside. */
export function shellQuote(text: string): string {
  return `'${text.split("'").join(`'\\''`)}'`;
}
