/**
 * Windows Server (2019, 2022, 2025; Core and Full: eksng's six Windows families, read alike) as the
 * node runs its user data.
 *
 * 1. EC2Launch (v1 on Windows Server 2019, v2 on 2022 and 2025) runs the text between the first
 *    `<powershell>` and the next `</powershell>` (tags case-insensitive) once, at first boot, with
 *    Windows PowerShell 5.1. Other text is not run; `<persist>`, `<script>`, `<detach>`,
 *    `<powershellArguments>` and `<runAsLocalSystem>` change what runs or when (EC2 User Guide,
 *    "Run commands on your Windows instance at launch", ec2-windows-user-data.html).
 * 2. PowerShell parses the whole block first (./powershell.ts); a parse error runs none of it.
 * 3. `[string]$EKSBootstrapScriptFile = "$env:ProgramFiles\Amazon\EKS\Start-EKSBootstrap.ps1"`,
 *    then `& $EKSBootstrapScriptFile -Name value … 3>&1 4>&1 5>&1 6>&1`: PowerShell binds each
 *    `-Name` to the script's param() block (src/families/contract/windows-bootstrap.json, from the
 *    script's verbatim param() block: `[CmdletBinding()]`, so an unknown or ambiguous name, a name
 *    given twice, a missing argument, a Mandatory parameter absent or empty, or a value outside a
 *    ValidateSet makes PowerShell refuse the call). Names match case-insensitively and by unique
 *    prefix (also against the common parameters [CmdletBinding()] adds, about_CommonParameters);
 *    an argument without a name binds by position to the next parameter not named, in param()
 *    order. The checker asks for exact names and no positional arguments.
 * 4. The script appends -KubeletExtraArgs verbatim to the kubelet's command line
 *    (rimaulana/eks-windows-resources Start-EKSBootStrap.ps1 @ 0c63dac, Register-KubernetesServices:
 *    `[string]::Join(' ', @(…, $KubeletExtraArgs, …))` as the kubelet service's binary path), so it
 *    is split on whitespace; the kubelet then parses --node-labels (cliflag MapStringString: `,`
 *    separated `key=value`, and ValidateKubeletFlags in cmd/kubelet/app/options/options.go: keys
 *    qualified names, values label values, `kubernetes.io`/`k8s.io` keys only from the allowed
 *    set), --register-with-taints (pkg/util/taints/taints.go parseTaint: `key[=value]:Effect`),
 *    --max-pods (int32). An unknown flag makes the kubelet exit.
 * 5. preBootstrapCommands: a literal here-string whose first line is
 *    `$ErrorActionPreference = 'Stop'`, piped to `Set-Content -Path <file>`, run with
 *    `powershell.exe -File <file>` after it is written and before the bootstrap call.
 */
import type { Contracts, WindowsContract, WindowsParameter } from './contracts';
import { checkKubeletFlag } from './kubelet';
import { PsStatement, PsToken, isGroupStart, skipGroup, statementsOf, tokenizePowerShell } from './powershell';
import { Violation, describeValue, violation } from './violations';

export interface KubeletFlag {
  /** With its dashes: `--node-labels`. */
  readonly name: string;
  readonly value: string;
}

export interface WindowsReading {
  readonly violations: Violation[];
  /** The script EC2Launch runs: the text of the first `<powershell>` block. */
  readonly powershell?: string;
  /** Start-EKSBootstrap.ps1's parameters as PowerShell binds them, by the script's spelling; string[] parameters as arrays. */
  readonly bootstrapParameters?: Readonly<Record<string, string | readonly string[]>>;
  /** -KubeletExtraArgs as the kubelet's command line splits it, each `--name=value`. */
  readonly kubeletFlags?: readonly KubeletFlag[];
  /** The preBootstrapCommands: the pre-bootstrap here-string's lines after `$ErrorActionPreference = 'Stop'`. */
  readonly preBootstrapLines?: readonly string[];
}

const SCRIPT_NAME = 'Start-EKSBootstrap.ps1';
const SCRIPT_VARIABLE = 'EKSBootstrapScriptFile';
const PRE_BOOTSTRAP_HEADER = "$ErrorActionPreference = 'Stop'";

// --- EC2Launch: which text runs --------------------------------------------------------------------

/** The tags EC2Launch reads in user data besides `<powershell>` (ec2-windows-user-data.html). */
const LAUNCH_TAGS: Readonly<Record<string, string>> = {
  persist: 'makes EC2Launch run the user data at every boot: Start-EKSBootstrap.ps1 would run again on each restart',
  script: 'is a batch block: EC2Launch runs it too, before the PowerShell block',
  detach: 'makes EC2Launch run the script detached, so nothing waits for the join',
  powershellarguments: 'changes the arguments EC2Launch starts PowerShell with',
  runaslocalsystem: 'changes the account EC2Launch runs the script as',
};
const LAUNCH_TAG = /<(\/?)(persist|script|detach|powershellArguments|runAsLocalSystem)>/gi;

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

interface Block {
  /** Offsets of the block's text (between the tags) in the user data. */
  readonly start: number;
  readonly end: number;
}

function readBlock(userData: string): { block?: Block; violations: Violation[] } {
  const violations: Violation[] = [];
  const lower = userData.toLowerCase();
  const open = lower.indexOf('<powershell>');
  if (open < 0) {
    violations.push(violation('ec2launch', 'not-run', 'user data', 'has no <powershell> block: EC2Launch runs no PowerShell and the node never joins'));
    return { violations };
  }
  const start = open + '<powershell>'.length;
  const close = lower.indexOf('</powershell>', start);
  if (close < 0) {
    violations.push(violation('ec2launch', 'not-run', `line ${lineOf(userData, open)}`, 'opens <powershell> and never closes it: EC2Launch finds no script to run and the node never joins'));
    return { violations };
  }
  const end = close + '</powershell>'.length;
  for (const m of userData.matchAll(LAUNCH_TAG)) {
    if (m[1] === '/') continue;
    violations.push(violation('ec2launch', 'bad-value', `line ${lineOf(userData, m.index)} <${m[2]}>`, LAUNCH_TAGS[m[2].toLowerCase()]));
  }
  // Text outside the block, tags (with their content) aside: EC2Launch does not run it.
  const outside = (from: number, to: number) => userData.slice(from, to).replace(/<(persist|script|detach|powershellArguments|runAsLocalSystem)>[\s\S]*?<\/\1>/gi, (t) => ' '.repeat(t.length));
  const before = outside(0, open);
  const firstBefore = before.search(/\S/);
  if (firstBefore >= 0) violations.push(violation('ec2launch', 'not-run', `line ${lineOf(userData, firstBefore)}`, 'is text before <powershell>: EC2Launch does not run it'));
  const after = outside(end, userData.length);
  const firstAfter = after.search(/\S/);
  if (firstAfter >= 0) {
    const second = /<powershell>/i.test(after);
    violations.push(
      violation('ec2launch', 'not-run', `line ${lineOf(userData, end + firstAfter)}`, second ? 'starts a second <powershell> block: EC2Launch runs only the first' : 'is text after </powershell>: EC2Launch does not run it'),
    );
  }
  return { block: { start, end: close }, violations };
}

// --- PowerShell: the statements --------------------------------------------------------------------

const isOperator = (t: PsToken | undefined, value: string): boolean => t !== undefined && t.kind === 'operator' && t.value === value;
const isScriptVariable = (t: PsToken | undefined): boolean => t !== undefined && t.kind === 'variable' && t.value.toLowerCase() === SCRIPT_VARIABLE.toLowerCase();
const namesScript = (t: PsToken | undefined): boolean =>
  t !== undefined && (t.kind === 'string' || t.kind === 'expandable' || t.kind === 'word') && new RegExp(`(^|[\\\\/])${SCRIPT_NAME.replace('.', '\\.')}$`, 'i').test(t.value);
/** `& $EKSBootstrapScriptFile` (or `. ` / a path naming the script) at tokens[k]. */
const isBootstrapCall = (tokens: readonly PsToken[], k: number): boolean =>
  (isOperator(tokens[k], '&') || (tokens[k]?.kind === 'word' && tokens[k].value === '.')) && (isScriptVariable(tokens[k + 1]) || namesScript(tokens[k + 1]));

/** `[string]$EKSBootstrapScriptFile = <value>`: the value token, or undefined. */
function assignedScriptPath(st: PsStatement): PsToken | undefined {
  let k = 0;
  while (st.tokens[k]?.kind === 'type') k++;
  const rest = st.tokens.slice(k);
  return rest.length === 3 && isScriptVariable(rest[0]) && isOperator(rest[1], '=') ? rest[2] : undefined;
}

/** `$env:ProgramFiles` on the Windows Server AMIs (the contract's script path starts with it). */
const PROGRAM_FILES = 'C:\\Program Files';

/** Whether `t` holds the script's path as EC2Launch's PowerShell will see it; undefined when the checker cannot tell. */
function isScriptPath(t: PsToken, c: WindowsContract): boolean | undefined {
  if (t.kind === 'expandable' && t.value.toLowerCase() === c.scriptEnvForm.toLowerCase()) return true;
  let text = t.value;
  if (t.kind === 'expandable' || t.kind === 'word') text = text.replace(/^\$env:ProgramFiles(?=\\)/i, PROGRAM_FILES);
  if (t.kind === 'variable' || (t.expands && /[$`]/.test(text))) return undefined;
  if (t.kind === 'string' || t.kind === 'expandable' || t.kind === 'word' || t.kind === 'here-string') return text.toLowerCase() === c.script.toLowerCase();
  return false;
}

// --- PowerShell: binding the call's arguments ----------------------------------------------------

/**
 * The common parameters `[CmdletBinding()]` gives the script in Windows PowerShell 5.1, and their
 * aliases (about_CommonParameters). They take part in name matching (`-E` is ambiguous with
 * ErrorAction); eksng passes none, and the checker has no model of what they change.
 */
const COMMON_PARAMETERS = ['Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'ErrorVariable', 'WarningVariable', 'InformationVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable'];
const COMMON_ALIASES: Readonly<Record<string, string>> = { vb: 'Verbose', db: 'Debug', ea: 'ErrorAction', wa: 'WarningAction', infa: 'InformationAction', ev: 'ErrorVariable', wv: 'WarningVariable', iv: 'InformationVariable', ov: 'OutVariable', ob: 'OutBuffer', pv: 'PipelineVariable' };
const COMMON_SWITCHES = new Set(['Verbose', 'Debug']);

type Resolved =
  | { readonly kind: 'exact' | 'case' | 'prefix'; readonly name: string; readonly parameter?: WindowsParameter }
  | { readonly kind: 'none' }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly string[] };

/** PowerShell's parameter-name matching: exact (ignoring case), an alias, or a unique prefix. */
function resolveName(written: string, c: WindowsContract): Resolved {
  const names = [...c.parameters.map((p) => p.name), ...COMMON_PARAMETERS];
  const parameter = (name: string) => c.parameters.find((p) => p.name === name);
  const lower = written.toLowerCase();
  if (names.includes(written)) return { kind: 'exact', name: written, parameter: parameter(written) };
  const ci = names.find((n) => n.toLowerCase() === lower);
  if (ci) return { kind: 'case', name: ci, parameter: parameter(ci) };
  if (COMMON_ALIASES[lower]) return { kind: 'exact', name: COMMON_ALIASES[lower] };
  const prefixed = names.filter((n) => n.toLowerCase().startsWith(lower));
  if (prefixed.length === 1) return { kind: 'prefix', name: prefixed[0], parameter: parameter(prefixed[0]) };
  return prefixed.length > 1 ? { kind: 'ambiguous', candidates: prefixed } : { kind: 'none' };
}

/** One argument value: a token, or a group/variable the checker does not evaluate. */
interface ArgItem {
  readonly token?: PsToken;
  /** Why the checker cannot know the value. */
  readonly opaque?: string;
}

interface ArgValue {
  readonly items: readonly ArgItem[];
  readonly next: number;
}

const VALUE_KINDS = new Set(['string', 'expandable', 'here-string', 'expandable-here-string', 'word']);

function primary(args: readonly PsToken[], k: number): { item: ArgItem; next: number } {
  const t = args[k];
  if (isGroupStart(t)) return { item: { opaque: `an expression (${t.value} … )` }, next: skipGroup(args, k) };
  if (t.kind === 'variable') return { item: { opaque: `the variable $${t.value}` }, next: k + 1 };
  if (VALUE_KINDS.has(t.kind)) return { item: { token: t }, next: k + 1 };
  return { item: { opaque: `${describeValue(t.text)}` }, next: k + 1 };
}

/** A value with its comma list (`'a','b'` is an array). */
function argValue(args: readonly PsToken[], k: number): ArgValue {
  const items: ArgItem[] = [];
  let p = primary(args, k);
  items.push(p.item);
  while (isOperator(args[p.next], ',') && p.next + 1 < args.length) {
    p = primary(args, p.next + 1);
    items.push(p.item);
  }
  return { items, next: p.next };
}

const isValueStart = (t: PsToken | undefined): boolean =>
  t !== undefined && t.kind !== 'parameter' && t.kind !== 'redirection' && !(t.kind === 'operator' && (t.value === '|' || t.value === '||' || t.value === '&&' || t.value === ','));

interface Binding {
  readonly parameter: WindowsParameter;
  readonly value: string | readonly string[];
  /** False when part of the value is an expression or variable the checker does not evaluate. */
  readonly known: boolean;
  readonly where: string;
}

/** Checks each item of a value and binds what the script receives. */
function bind(parameter: WindowsParameter, value: ArgValue, where: string, out: Violation[]): Binding {
  return { parameter, value: bindValue(parameter, value, where, out), known: value.items.every((i) => i.token !== undefined), where };
}

function bindValue(parameter: WindowsParameter, value: ArgValue, where: string, out: Violation[]): string | readonly string[] {
  const texts: string[] = [];
  for (const item of value.items) {
    if (item.opaque !== undefined || !item.token) {
      out.push(violation('checker', 'no-model', where, `is ${item.opaque}, which the checker does not evaluate`));
      texts.push('');
      continue;
    }
    const t = item.token;
    if (t.expands) {
      const form = t.kind === 'word' ? 'a bare word' : 'double-quoted';
      out.push(violation('powershell', 'expanded', where, `is ${form} and holds $ or a backtick (${JSON.stringify(t.text)}): PowerShell expands it, so the script gets other text than written`));
    } else if (t.number) {
      out.push(violation('powershell', 'wrong-type', where, `is the bare word ${t.text}, which PowerShell reads as a number: the script gets its decimal form, not the text`));
    }
    texts.push(t.value);
  }
  if (parameter.type === 'string[]') return texts;
  if (texts.length > 1) {
    out.push(violation('powershell', 'wrong-type', where, `is a list of ${texts.length} values for a [string] parameter: PowerShell joins them with spaces into one string`));
  }
  return texts.join(' ');
}

interface Call {
  readonly bindings: ReadonlyMap<string, Binding>;
  readonly violations: Violation[];
}

function bindCall(args: readonly PsToken[], c: WindowsContract, at: string): Call {
  const out: Violation[] = [];
  const bindings = new Map<string, Binding>();
  const positional: Array<{ value: ArgValue; where: string }> = [];
  for (let k = 0; k < args.length; ) {
    const t = args[k];
    if (t.kind === 'redirection') {
      if (/^[1-6*]>&[1-6]$/.test(t.value)) {
        k += 1;
      } else {
        out.push(violation('checker', 'no-model', `${at} ${t.text}`, 'redirects output to a file: the checker has no model of it'));
        k += 2;
      }
      continue;
    }
    if (t.kind === 'operator' && (t.value === '|' || t.value === '||' || t.value === '&&')) {
      out.push(violation('checker', 'no-model', `${at} ${t.text}`, 'pipes or chains the call into another command: the checker has no model of it'));
      break;
    }
    if (t.kind !== 'parameter') {
      const value = argValue(args, k);
      positional.push({ value, where: `${at} ${JSON.stringify(t.text)}` });
      k = value.next;
      continue;
    }
    const where = `${at} ${t.text.replace(/:$/, '')}`;
    const resolved = resolveName(t.value, c);
    const hasValue = t.colon || isValueStart(args[k + 1]);
    if (resolved.kind === 'none' || resolved.kind === 'ambiguous') {
      const why =
        resolved.kind === 'none'
          ? `is not a parameter of ${SCRIPT_NAME}: PowerShell refuses the call ("A parameter cannot be found that matches parameter name '${t.value}'"), the script does not run and the node never joins`
          : `is a prefix of several parameters (${resolved.candidates.join(', ')}): PowerShell refuses the call as ambiguous and the node never joins`;
      out.push(violation('powershell', 'unknown-flag', where, why));
      k = hasValue ? argValue(args, k + 1).next : k + 1;
      continue;
    }
    if (resolved.kind !== 'exact') {
      out.push(violation('powershell', 'inexact-name', where, `binds to -${resolved.name} only because PowerShell ${resolved.kind === 'case' ? 'ignores case' : 'takes a unique prefix'}: eksng should write -${resolved.name}`));
    }
    if (!resolved.parameter) {
      out.push(violation('checker', 'no-model', where, `is the common parameter -${resolved.name}: eksng passes none, and the checker has no model of what it changes`));
      k = COMMON_SWITCHES.has(resolved.name) && !t.colon ? k + 1 : hasValue ? argValue(args, k + 1).next : k + 1;
      continue;
    }
    if (!hasValue) {
      out.push(violation('powershell', 'missing-argument', where, `has no value: PowerShell refuses the call ("Missing an argument for parameter '${resolved.name}'") and the node never joins`));
      k += 1;
      continue;
    }
    const value = argValue(args, k + 1);
    k = value.next;
    if (bindings.has(resolved.name)) {
      out.push(violation('powershell', 'duplicate', where, `binds -${resolved.name} a second time: PowerShell refuses the call ("Cannot bind parameter because parameter '${resolved.name}' is specified more than once") and the node never joins`));
      continue;
    }
    bindings.set(resolved.name, bind(resolved.parameter, value, where, out));
  }
  // Named arguments bind first; what is left binds by position, in param() order.
  for (const p of positional) {
    const target = c.parameters.find((q) => !bindings.has(q.name));
    if (!target) {
      out.push(violation('powershell', 'positional', p.where, `is an argument without a parameter name, and no parameter is left to bind it to: PowerShell refuses the call ("A positional parameter cannot be found") and the node never joins`));
      continue;
    }
    out.push(violation('powershell', 'positional', p.where, `is an argument without a parameter name: PowerShell binds it by position to -${target.name}`));
    bindings.set(target.name, bind(target, p.value, p.where, out));
  }
  return { bindings, violations: out };
}

/**
 * Parameters the script only uses together (its .PARAMETER help: "Only valid when used with
 * -Base64ClusterCA" / "with -APIServerEndpoint"); with one alone it calls Get-EKSCluster.
 */
const TOGETHER: ReadonlyArray<readonly [string, string]> = [['APIServerEndpoint', 'Base64ClusterCA']];

function checkBindings(bindings: ReadonlyMap<string, Binding>, c: WindowsContract, at: string): Violation[] {
  const out: Violation[] = [];
  for (const p of c.parameters) {
    const b = bindings.get(p.name);
    const empty = b === undefined || !b.known ? false : typeof b.value === 'string' ? b.value === '' : b.value.length === 0;
    if (p.required && !b) {
      out.push(violation('powershell', 'missing-field', at, `has no -${p.name}, which the script requires (Mandatory): PowerShell cannot run it without one and the node never joins`));
    } else if (b && empty && p.required) {
      out.push(violation('powershell', 'missing-field', b.where, `is empty: PowerShell refuses an empty string for the Mandatory parameter -${p.name} and the node never joins`));
    } else if (b && empty) {
      out.push(violation(SCRIPT_NAME, 'bad-value', b.where, `is empty: the script takes -${p.name} for not given`));
    }
    if (b && b.known && p.enum && typeof b.value === 'string' && b.value !== '' && !p.enum.some((e) => e.toLowerCase() === (b.value as string).toLowerCase())) {
      out.push(violation('powershell', 'bad-value', b.where, `must be one of ${p.enum.join(', ')} (ValidateSet), got ${describeValue(b.value)}: PowerShell refuses the call`));
    }
  }
  for (const [a, b] of TOGETHER) {
    const given = [a, b].filter((n) => bindings.has(n));
    if (given.length === 1) {
      const missing = given[0] === a ? b : a;
      out.push(violation(SCRIPT_NAME, 'missing-field', bindings.get(given[0])!.where, `is given without -${missing}: the script ignores it and calls Get-EKSCluster (eks:DescribeCluster) instead`));
    }
  }
  return out;
}

// --- The kubelet: -KubeletExtraArgs ---------------------------------------------------------------

/**
 * Kubelet flags the checker knows (a subset of the kubelet's reference, kubernetes/website
 * content/en/docs/reference/command-line-tools-reference/kubelet.md @ 00cce4136eb6: those a node
 * group might set; --pod-infra-container-image is left out, the page says it goes in 1.35).
 */
export const KNOWN_KUBELET_FLAGS: ReadonlySet<string> = new Set([
  'node-labels', 'register-with-taints', 'max-pods', 'node-ip', 'hostname-override', 'provider-id', 'cloud-provider',
  'kube-reserved', 'system-reserved', 'reserved-cpus', 'enforce-node-allocatable',
  'eviction-hard', 'eviction-soft', 'eviction-soft-grace-period', 'eviction-minimum-reclaim', 'eviction-max-pod-grace-period', 'eviction-pressure-transition-period',
  'image-gc-high-threshold', 'image-gc-low-threshold', 'minimum-image-ttl-duration', 'serialize-image-pulls', 'registry-qps', 'registry-burst',
  'image-credential-provider-config', 'image-credential-provider-bin-dir',
  'cluster-dns', 'cluster-domain', 'resolv-conf', 'feature-gates',
  'kube-api-qps', 'kube-api-burst', 'event-qps', 'event-burst', 'node-status-update-frequency', 'node-status-max-images', 'sync-frequency',
  'container-log-max-size', 'container-log-max-files', 'runtime-request-timeout', 'streaming-connection-idle-timeout',
  'pod-max-pids', 'pods-per-core', 'allowed-unsafe-sysctls', 'read-only-port', 'rotate-certificates', 'rotate-server-certificates',
  'cpu-manager-policy', 'memory-manager-policy', 'topology-manager-policy', 'topology-manager-scope', 'logging-format', 'v', 'vmodule',
]);

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const LABEL_NAME = /^(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;

/** k8s.io/apimachinery validation.IsQualifiedName: `[prefix/]name`. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return "has more than one '/'";
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix === '') return 'has an empty prefix';
    if (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) return 'has a prefix that is not a lowercase DNS subdomain';
  }
  if (name === '') return 'has an empty name';
  if (name.length > 63) return 'has a name longer than 63 characters';
  if (!LABEL_NAME.test(name)) return "has a name that is not alphanumerics, '-', '_' or '.' starting and ending with an alphanumeric";
  return undefined;
}

/** validation.IsValidLabelValue. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return 'is longer than 63 characters';
  if (value !== '' && !LABEL_NAME.test(value)) return "is not alphanumerics, '-', '_' or '.' starting and ending with an alphanumeric";
  return undefined;
}

/**
 * Labels the kubelet may set in the kubernetes.io and k8s.io namespaces (pkg/kubelet/apis
 * well_known_labels.go; the list in `kubelet --help` for --node-labels, kubelet.md above).
 */
const KUBELET_LABELS = new Set([
  'beta.kubernetes.io/arch', 'beta.kubernetes.io/instance-type', 'beta.kubernetes.io/os', 'failure-domain.beta.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/zone',
  'kubernetes.io/arch', 'kubernetes.io/hostname', 'kubernetes.io/os', 'node.kubernetes.io/instance-type', 'topology.kubernetes.io/region', 'topology.kubernetes.io/zone',
]);
const KUBELET_LABEL_NAMESPACES = ['kubelet.kubernetes.io', 'node.kubernetes.io'];

function restrictedLabel(key: string): boolean {
  const namespace = key.includes('/') ? key.slice(0, key.indexOf('/')) : '';
  const kubernetes = ['kubernetes.io', 'k8s.io'].some((d) => namespace === d || namespace.endsWith(`.${d}`));
  if (!kubernetes || KUBELET_LABELS.has(key)) return false;
  return !KUBELET_LABEL_NAMESPACES.some((d) => namespace === d || namespace.endsWith(`.${d}`));
}

function checkNodeLabels(value: string, where: string): Violation[] {
  const out: Violation[] = [];
  for (const pair of value.split(',')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq < 0) {
      out.push(violation('kubelet', 'bad-value', `${where} ${JSON.stringify(pair)}`, 'is not key=value: the kubelet cannot parse --node-labels ("malformed pair") and exits'));
      continue;
    }
    const key = pair.slice(0, eq).trim();
    const v = pair.slice(eq + 1).trim();
    const at = `${where} ${key}`;
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) out.push(violation('kubelet', 'bad-value', at, `${keyProblem}: not a label key, the kubelet refuses its flags ("invalid node labels") and exits`));
    const valueProblem = labelValueProblem(v);
    if (valueProblem) out.push(violation('kubelet', 'bad-value', at, `has the value ${JSON.stringify(v)}, which ${valueProblem}: the kubelet refuses its flags ("invalid node labels") and exits`));
    if (!keyProblem && restrictedLabel(key)) {
      out.push(violation('kubelet', 'bad-value', at, "is in the kubernetes.io/k8s.io namespace and not one a kubelet may set: the kubelet exits (\"unknown 'kubernetes.io' or 'k8s.io' labels specified with --node-labels\")"));
    }
  }
  return out;
}

function checkTaints(value: string, where: string): Violation[] {
  if (value === '') return [];
  const out: Violation[] = [];
  for (const spec of value.split(',')) {
    const at = `${where} ${JSON.stringify(spec)}`;
    const parts = spec.split(':');
    if (parts.length === 1) {
      out.push(violation('kubelet', 'bad-value', at, 'has no :Effect: the API server refuses a node taint without an effect, so the node never registers'));
      continue;
    }
    if (parts.length > 2) {
      out.push(violation('kubelet', 'bad-value', at, 'is not key[=value]:Effect: the kubelet exits ("invalid taint spec")'));
      continue;
    }
    if (!TAINT_EFFECTS.includes(parts[1])) {
      out.push(violation('kubelet', 'bad-value', at, `has the effect ${JSON.stringify(parts[1])}, not one of ${TAINT_EFFECTS.join(', ')}: the kubelet exits ("invalid taint effect")`));
      continue;
    }
    const kv = parts[0].split('=');
    if (kv.length > 2) {
      out.push(violation('kubelet', 'bad-value', at, 'has more than one = : the kubelet exits ("invalid taint spec")'));
      continue;
    }
    const keyProblem = qualifiedNameProblem(kv[0]);
    if (keyProblem) out.push(violation('kubelet', 'bad-value', at, `has a key that ${keyProblem}: the kubelet exits ("invalid taint spec")`));
    const valueProblem = kv.length === 2 ? labelValueProblem(kv[1]) : undefined;
    if (valueProblem) out.push(violation('kubelet', 'bad-value', at, `has a value that ${valueProblem}: the kubelet exits ("invalid taint spec")`));
  }
  return out;
}

/** -KubeletExtraArgs as the kubelet gets it: the words of the string, each `--name=value`. */
export function readKubeletExtraArgs(extra: string, where: string): { flags: KubeletFlag[]; violations: Violation[] } {
  const out: Violation[] = [];
  const flags: KubeletFlag[] = [];
  if (extra.includes('"')) {
    out.push(violation('checker', 'no-model', where, 'holds a double quote: the Windows service command line gives it a meaning the checker does not model'));
  }
  const seen = new Set<string>();
  extra
    .split(/\s+/)
    .filter(Boolean)
    .forEach((word, i) => {
      const at = `${where}[${i}]`;
      const form = checkKubeletFlag(word, at);
      if (form.length) {
        out.push(...form);
        return;
      }
      const eq = word.indexOf('=');
      const name = word.slice(2, eq);
      const value = word.slice(eq + 1);
      flags.push({ name: `--${name}`, value });
      if (!KNOWN_KUBELET_FLAGS.has(name)) {
        out.push(violation('kubelet', 'unknown-flag', at, `--${name} is not a kubelet flag the checker knows: an unknown flag makes the kubelet exit ("unknown flag") and the node never joins`));
        return;
      }
      if (seen.has(name) && name !== 'node-labels') {
        out.push(violation('kubelet', 'duplicate', at, `--${name} is given again: the kubelet keeps only the last value`));
      }
      seen.add(name);
      if (name === 'node-labels') out.push(...checkNodeLabels(value, at));
      if (name === 'register-with-taints') out.push(...checkTaints(value, at));
      if (name === 'max-pods' && !(/^[1-9][0-9]*$/.test(value) && Number(value) <= 2 ** 31 - 1)) {
        out.push(violation('kubelet', 'bad-value', at, `--max-pods must be a positive integer, got ${describeValue(value)}`));
      }
    });
  return { flags, violations: out };
}

// --- preBootstrapCommands ----------------------------------------------------------------------------

const isCommand = (t: PsToken | undefined, name: RegExp): boolean => t !== undefined && (t.kind === 'word' || t.kind === 'string') && name.test(t.value);

/** The value token after `-Name` (exact name, any case) in `tokens`. */
function namedValue(tokens: readonly PsToken[], names: readonly string[]): PsToken | undefined {
  const k = tokens.findIndex((t) => t.kind === 'parameter' && names.some((n) => n.toLowerCase() === t.value.toLowerCase()));
  return k >= 0 && k + 1 < tokens.length && tokens[k + 1].kind !== 'parameter' ? tokens[k + 1] : undefined;
}

/** How two path tokens compare: the same text once PowerShell has expanded both (same variables, same environment). */
const pathKey = (t: PsToken): string => t.value.toLowerCase();

/** `[&] powershell.exe … -File <path>`: the path token. */
function runsFile(st: PsStatement): PsToken | undefined {
  const k = isOperator(st.tokens[0], '&') ? 1 : 0;
  if (!isCommand(st.tokens[k], /^(?:.*[\\/])?powershell(?:\.exe)?$/i)) return undefined;
  return namedValue(st.tokens.slice(k + 1), ['File']);
}

interface PreBootstrap {
  readonly lines: string[];
  readonly violations: Violation[];
}

function readPreBootstrap(userData: string, stmts: readonly PsStatement[], callIndex: number | undefined, callLine: number | undefined): PreBootstrap | undefined {
  const out: Violation[] = [];
  let lines: string[] | undefined;
  stmts.forEach((st, i) => {
    const here = st.tokens[0];
    if (here.kind !== 'here-string' && here.kind !== 'expandable-here-string') return;
    const at = `line ${lineOf(userData, here.start)} pre-bootstrap script`;
    const all = here.value.split(/\r\n|\n|\r/);
    if (here.kind === 'expandable-here-string') {
      out.push(violation('powershell', 'expanded', at, 'is an expandable here-string (@" … "@): PowerShell expands $ and backticks in the commands before writing them'));
    }
    if (all[0] !== PRE_BOOTSTRAP_HEADER) {
      out.push(violation('powershell', 'bad-value', at, `does not start with ${PRE_BOOTSTRAP_HEADER}: a failing command does not stop the ones after it`));
    }
    lines = all[0] === PRE_BOOTSTRAP_HEADER ? all.slice(1) : all;
    if (!isOperator(st.tokens[1], '|') || !isCommand(st.tokens[2], /^Set-Content$/i)) {
      out.push(violation('checker', 'no-model', at, 'is not written to a file with | Set-Content -Path …: the checker cannot follow it'));
      return;
    }
    const setContent = st.tokens.slice(3);
    const path = namedValue(setContent, ['Path', 'LiteralPath']);
    if (!path) {
      out.push(violation('checker', 'no-model', at, 'is written with Set-Content but without -Path: the checker cannot follow it'));
      return;
    }
    const encoding = namedValue(setContent, ['Encoding']);
    if (!encoding || !/^(?:UTF8|Unicode|UTF32|BigEndianUnicode)$/i.test(encoding.value)) {
      out.push(violation('powershell', 'bad-value', at, `is written ${encoding ? `with -Encoding ${encoding.value}` : 'without -Encoding'}: Windows PowerShell 5.1 then writes the ANSI code page, and non-ASCII characters in the commands change`));
    }
    const runs = stmts.map((s, j) => ({ j, file: runsFile(s) })).filter((r) => r.file !== undefined && pathKey(r.file) === pathKey(path));
    if (runs.length === 0) {
      out.push(violation('powershell', 'not-run', at, `is written to ${path.text}, but nothing runs that file (powershell.exe -File ${path.text}): the commands never run`));
      return;
    }
    const run = runs.find((r) => r.j > i);
    if (!run) {
      out.push(violation('powershell', 'out-of-order', at, `is written to ${path.text} after the line that runs it: the run finds no file`));
      return;
    }
    if (callIndex !== undefined && run.j > callIndex) {
      out.push(violation('powershell', 'out-of-order', at, `runs after ${SCRIPT_NAME} (line ${callLine}): the commands run after the node has joined`));
    }
  });
  return lines === undefined ? undefined : { lines, violations: out };
}

// --- The user data ---------------------------------------------------------------------------------

export function readWindows(userData: string, contracts: Contracts): WindowsReading {
  const c = contracts.windows;
  const { block, violations } = readBlock(userData);
  if (!block) return { violations };
  const powershell = userData.slice(block.start, block.end);
  const { tokens, error } = tokenizePowerShell(userData, block.start, block.end);
  if (error) {
    violations.push(violation('powershell', 'syntax', `line ${lineOf(userData, error.offset)}`, `does not parse: ${error.message} PowerShell runs none of the block and the node never joins`));
    return { violations, powershell };
  }
  const stmts = statementsOf(tokens);
  const lineOfToken = (t: PsToken) => lineOf(userData, t.start);

  const calls = stmts.map((st, i) => ({ st, i })).filter(({ st }) => isBootstrapCall(st.tokens, 0));
  for (const st of stmts) {
    st.tokens.forEach((_, k) => {
      if (k > 0 && isBootstrapCall(st.tokens, k)) {
        violations.push(violation('checker', 'no-model', `line ${lineOfToken(st.tokens[k])}`, `runs ${SCRIPT_NAME} inside another statement (a block, a condition): the checker cannot tell whether it runs`));
      }
    });
  }
  if (calls.length === 0) {
    violations.push(violation('powershell', 'no-bootstrap', 'user data', `never runs ${SCRIPT_NAME} (& $${SCRIPT_VARIABLE} …): the node never joins`));
    const pre = readPreBootstrap(userData, stmts, undefined, undefined);
    return { violations: [...violations, ...(pre?.violations ?? [])], powershell, preBootstrapLines: pre?.lines };
  }
  if (calls.length > 1) {
    violations.push(violation('powershell', 'bad-value', 'user data', `runs ${SCRIPT_NAME} ${calls.length} times (lines ${calls.map(({ st }) => lineOfToken(st.tokens[0])).join(', ')})`));
  }
  const { st: call, i: callIndex } = calls[0];
  const callLine = lineOfToken(call.tokens[0]);
  const at = `line ${callLine} ${SCRIPT_NAME}`;

  const target = call.tokens[1];
  const path = isScriptVariable(target) ? stmts.slice(0, callIndex).map(assignedScriptPath).filter((t): t is PsToken => t !== undefined).pop() : target;
  if (!path) {
    violations.push(violation('powershell', 'no-bootstrap', `line ${callLine} $${SCRIPT_VARIABLE}`, `is not assigned before the call: & runs nothing ($null) and the node never joins`));
  } else {
    const ok = isScriptPath(path, c);
    const where = `line ${lineOfToken(path)} $${SCRIPT_VARIABLE}`;
    if (ok === undefined) violations.push(violation('checker', 'no-model', where, `is ${path.text}, which the checker cannot evaluate`));
    if (ok === false) violations.push(violation('powershell', 'bad-value', where, `is ${path.text}, not "${c.scriptEnvForm}": the call runs another file`));
  }

  const bound = bindCall(call.tokens.slice(2), c, at);
  violations.push(...bound.violations, ...checkBindings(bound.bindings, c, at));
  const bootstrapParameters = Object.fromEntries([...bound.bindings.values()].map((b) => [b.parameter.name, b.value]));

  let kubeletFlags: KubeletFlag[] | undefined;
  const extra = bound.bindings.get('KubeletExtraArgs');
  if (extra && extra.known && typeof extra.value === 'string') {
    const k = readKubeletExtraArgs(extra.value, `${at} -KubeletExtraArgs`);
    kubeletFlags = k.flags;
    violations.push(...k.violations);
  }

  const pre = readPreBootstrap(userData, stmts, callIndex, callLine);
  if (pre) violations.push(...pre.violations);
  return { violations, powershell, bootstrapParameters, kubeletFlags, preBootstrapLines: pre?.lines };
}
