/**
 * A violation is what a program on the node would do with our user data that we did not intend:
 * fail, refuse it, or silently drop a setting. Data first (tests assert `code` and `at`), one
 * formatter for the one-line text.
 */

/** The program whose behaviour the violation describes. */
export type Program =
  | 'nodeadm'
  | 'kubelet'
  | 'cloud-init'
  | 'bash'
  | 'bootstrap.sh'
  | 'bottlerocket'
  | 'ec2'
  /** Windows: the launch agent that runs the `<powershell>` block of the user data (EC2Launch v1 on 2019, v2 on 2022 and 2025). */
  | 'ec2launch'
  /** Windows PowerShell 5.1: parses the block and binds the arguments of the bootstrap call. */
  | 'powershell'
  /** The EKS Windows AMI's bootstrap script, once PowerShell has bound its parameters. */
  | 'Start-EKSBootstrap.ps1'
  /** The checker itself: the user data uses something it has no model for, so it cannot vouch for it. */
  | 'checker';

export type ViolationCode =
  /** A value of the wrong JSON/TOML type: the decoder fails. */
  | 'wrong-type'
  /** A key the program's model does not have: refused (Bottlerocket) or dropped (nodeadm, kubelet). */
  | 'unknown-field'
  /** A field the program requires is absent or empty. */
  | 'missing-field'
  /** Right type, value outside what the program accepts. */
  | 'bad-value'
  /** The document does not parse (YAML, TOML, bash, MIME, PowerShell: then no line of the block runs). */
  | 'syntax'
  /** nodeadm finds no NodeConfig in the user data. */
  | 'no-node-config'
  /** A kubelet command-line flag that is not `--name=value`. */
  | 'flag-form'
  /**
   * The program does not know the flag or parameter: bootstrap.sh takes it for a positional
   * argument; PowerShell refuses to run Start-EKSBootstrap.ps1 (no such parameter, or a prefix of
   * several); the kubelet exits (unknown flag).
   */
  | 'unknown-flag'
  /**
   * A flag or parameter that takes a value has none: bootstrap.sh dies on `$2` with nounset;
   * PowerShell refuses the call ("Missing an argument for parameter").
   */
  | 'missing-argument'
  /**
   * PowerShell binds the parameter name only case-insensitively or as a prefix of the script's
   * name: it works, but eksng writes every name exactly, so this is a generator slip.
   */
  | 'inexact-name'
  /** The same parameter or flag twice: PowerShell refuses the call (ParameterAlreadyBound); the kubelet keeps the last value. */
  | 'duplicate'
  /** An argument with no parameter name: PowerShell binds it to the next parameter not named yet, or refuses it when none is left. */
  | 'positional'
  /** A PowerShell value in double quotes (or bare) holding `$` or a backtick: expanded, so the script gets other text than written. */
  | 'expanded'
  /** Steps in the wrong order: preBootstrapCommands run after the join they should precede, or a file run before it is written. */
  | 'out-of-order'
  /** The AMI (by its public SSM parameter) is of another family than the user data is written for: the AMI's programs never read it. */
  | 'wrong-family'
  /** bootstrap.sh overwrites a kubelet setting that the script merged before calling it. */
  | 'overwritten'
  /** Kubelet config changed after the kubelet started, and the kubelet is never restarted. */
  | 'not-applied'
  /** No bootstrap call (AL2: /etc/eks/bootstrap.sh; Windows: Start-EKSBootstrap.ps1 through `$EKSBootstrapScriptFile`), or one the checker cannot read. */
  | 'no-bootstrap'
  /** A part, section or construct the checker has no model for. */
  | 'no-model'
  /** User data over EC2's limit. */
  | 'too-large'
  /** A script cloud-init will not run; user data text EC2Launch does not run (outside the first `<powershell>` block); a file never run. */
  | 'not-run';

export interface Violation {
  readonly program: Program;
  readonly code: ViolationCode;
  /** Where in the user data: a field path (`spec.cluster.name`), a TOML key, a MIME part, a line. */
  readonly at: string;
  /** What the program does, as the rest of the sentence after `at`. */
  readonly message: string;
}

export function violation(program: Program, code: ViolationCode, at: string, message: string): Violation {
  return { program, code, at, message };
}

/** `nodeadm: spec.cluster.name must be string, got number 2024` — always one line. */
export function formatViolation(v: Violation): string {
  return `${v.program}: ${v.at ? `${v.at} ` : ''}${v.message}`.replace(/\s*\n\s*/g, ' ');
}

/** How a value reads in a message: `number 2024`, `boolean true`, `null`, `string "x"`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (typeof value === 'bigint') return `integer ${value}`;
  if (typeof value === 'number') return `${Number.isInteger(value) ? 'number' : 'float'} ${value}`;
  if (typeof value === 'boolean') return `boolean ${value}`;
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  if (value instanceof Date) return `datetime ${value.toISOString()}`;
  if (Array.isArray(value)) return 'array';
  return 'object';
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
