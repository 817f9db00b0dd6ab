/**
 * Which Kubernetes versions have EKS-optimized AMIs, per family, and where EKS support ends — from
 * the table in contract/eks-kubernetes-versions.json (its sources and date are in the file).
 * Warnings are relative to the table's `asOf` date, never the clock, so the same config gives the
 * same findings on every day and machine.
 */
import type { Config, NodeGroup } from '../config/types';
import { error, Problem, warning } from '../problems';
import { EKS_VERSIONS } from './contract';
import type { At } from './family';

const minor = (version: string) => Number(version.split('.')[1]);
const known = () => Object.keys(EKS_VERSIONS.versions).sort((a, b) => minor(a) - minor(b));

/** The versions the table lists for which `family` has EKS-optimized AMIs (its first and last, where it has a last). */
export function amiVersions(family: string): string[] {
  const f = EKS_VERSIONS.families[family];
  return known().filter((v) => (!f || minor(v) >= minor(f.first)) && (!f?.last || minor(v) <= minor(f.last)));
}

/**
 * `ami: "auto"` needs an EKS-optimized AMI of the group's family for the cluster's version: refused
 * when there is none (older than the table, or before the family's first version). A family's
 * own end (AmazonLinux2 after 1.32) is its own rule.
 */
export function checkAmiForVersion(config: Config, ng: NodeGroup, at: At, family: string): Problem[] {
  const version = config.cluster.kubernetesVersion;
  const f = EKS_VERSIONS.families[family];
  if (!(ng.ami.kind === 'ssm' && ng.ami.auto)) return [];
  if (f?.last !== undefined && minor(version) > minor(f.last)) return [];
  if (minor(version) >= minor(known()[0]) && !(f && minor(version) < minor(f.first))) return [];
  const oldest = amiVersions(family)[0] ?? known()[0];
  return [error('rule.kubernetes-version', at('ami'), `is "auto", but EKS publishes no EKS-optimized ${family} AMI for Kubernetes ${version} (the oldest version with one is ${oldest}, as of ${EKS_VERSIONS.asOf}), so the AMI parameter would not resolve; use a supported cluster.kubernetesVersion, or an AMI of your own (ami: "ami-…")`)];
}

/** Versions past the table's newest that may exist by now (a release every four months or so); beyond, a typo. */
export const PLAUSIBLE_MINORS_AHEAD = 2;

/** The cluster's version against EKS support, as of the table's date: warnings, and an error for a version that cannot exist yet. */
export function checkClusterVersion(config: Config): Problem[] {
  const version = config.cluster.kubernetesVersion;
  const versions = known();
  const newest = versions[versions.length - 1];
  const where = '/cluster/kubernetesVersion';
  if (minor(version) < minor(versions[0])) {
    return [warning('rule.kubernetes-version-unsupported', where, `is ${version}, which EKS no longer supports (the oldest version it does is ${versions[0]}, as of ${EKS_VERSIONS.asOf})`)];
  }
  if (minor(version) > minor(newest) + PLAUSIBLE_MINORS_AHEAD) {
    return [error('rule.kubernetes-version', where, `is ${version}, but the newest Kubernetes version on EKS is ${newest} (as of ${EKS_VERSIONS.asOf}), and EKS adds about three a year: no AMI exists for it; check the version`)];
  }
  if (minor(version) > minor(newest)) {
    return [warning('rule.kubernetes-version-unknown', where, `is newer than the versions eksng knows (up to ${newest}, as of ${EKS_VERSIONS.asOf}): EKS-optimized AMI parameters resolve only once EKS publishes AMIs for ${version}`)];
  }
  const end = EKS_VERSIONS.versions[version]?.endOfExtendedSupport;
  if (end && end <= EKS_VERSIONS.asOf) {
    return [warning('rule.kubernetes-version-unsupported', where, `is ${version}, whose EKS extended support ended ${end}: EKS upgrades such clusters by itself, and new AMIs are no longer published for it`)];
  }
  return [];
}
