/**
 * Pieces of user data several families write the same way: kubelet flags for labels and taints,
 * the kubelet settings eksng adds, shell quoting, and the MIME boundary of multipart user data.
 */
import { taintFlag } from '../config/kubernetes';
import type { NodeGroup } from '../config/types';
import { subRef } from '../cfn/intrinsics';

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

/** A single-quoted shell word: `'` is the only character that needs care inside. */
export function shellQuote(text: string): string {
  return `'${text.split("'").join(`'\\''`)}'`;
}
