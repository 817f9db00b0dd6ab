/**
 * The settings contracts, as data derived from the sources of the programs that read the user data
 * on the node (see README.md beside this file for the repository, path and version of each), and
 * the small typed views eksng's checks use. nodeadm's schema and bootstrap.sh's flags are read only
 * by the contract tests (test/contract/), so they are not loaded here.
 */
import bottlerocketData from './bottlerocket-kubernetes-settings.json';
import versionsData from './eks-kubernetes-versions.json';
import kubeletData from './kubelet-config-v1beta1.json';
import windowsAmisData from './windows-amis.json';

/** A value type of KubeletConfiguration (kubelet-config-v1beta1.json). */
export interface KubeletFieldType {
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'duration' | 'object' | 'array';
  /** Map values (object without fixed fields). */
  readonly values?: string;
  /** A struct's fields. */
  readonly fields?: Readonly<Record<string, KubeletFieldType>>;
  readonly items?: string;
  readonly enum?: readonly string[];
  readonly deprecated?: boolean;
}

/** A Bottlerocket setting's type (bottlerocket-kubernetes-settings.json). */
export interface BottlerocketSettingType {
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'string-array' | 'map';
  readonly values?: string;
  readonly keys?: readonly string[];
  readonly enum?: readonly string[];
  readonly pattern?: string;
  readonly acceptsScalar?: boolean;
}

export const KUBELET_CONFIGURATION = {
  source: kubeletData.source,
  fields: kubeletData.fields as unknown as Readonly<Record<string, KubeletFieldType>>,
};

export const BOTTLEROCKET_SETTINGS = {
  source: bottlerocketData.source,
  /** `settings.kubernetes.<key>` */
  kubernetes: bottlerocketData.settings as unknown as Readonly<Record<string, BottlerocketSettingType>>,
  /** KubeletConfiguration field (dotted for a struct's field) → the setting Bottlerocket writes it from. */
  kubelet: bottlerocketData.kubelet as Readonly<Record<string, string>>,
  /** `settings.host-containers.<name>.<key>` */
  hostContainer: bottlerocketData.hostContainers.fields as unknown as Readonly<Record<string, BottlerocketSettingType>>,
};

export interface EksVersion {
  readonly endOfStandardSupport: string | null;
  readonly endOfExtendedSupport: string | null;
}

export const EKS_VERSIONS = {
  source: versionsData.source,
  /** The date the table describes: warnings about support are relative to it, so output does not depend on when eksng runs. */
  asOf: versionsData.asOf,
  families: versionsData.families as Readonly<Record<string, { readonly first: string; readonly last?: string }>>,
  versions: versionsData.versions as unknown as Readonly<Record<string, EksVersion>>,
};

/** Which Windows Server variants EKS publishes AMIs of, per Kubernetes version (windows-amis.json). */
export interface WindowsAvailability {
  readonly fromKubernetes: string;
  readonly toKubernetes: string | null;
  readonly latestConfirmedKubernetes: string;
}

export const WINDOWS_AMIS = {
  source: windowsAmisData.source as { readonly retrieved: string },
  availability: windowsAmisData.availability as unknown as Readonly<Record<string, WindowsAvailability>>,
};
