/**
 * The library: what `eksng generate` and `eksng auth` do, as functions for TypeScript code (a CDK
 * app that includes the template with `CfnInclude`, an internal platform tool). The same checks as
 * the command line, with every problem returned as data — nothing here prints, exits or throws for
 * bad input. Only `lintFiles` touches the outside world (it runs cfn-lint on a temporary copy).
 *
 *   import { loadConfig, buildNodeGroup, renderTemplate } from 'eks-nodegroup-gen';
 *
 * Names and shapes here are the package's public contract (package.json "exports"); everything
 * else under dist/ is internal and may change in any release.
 */
import * as path from 'path';
import { produceAwsAuth } from './aws-auth';
import { readCurrentAwsAuth } from './aws-auth/current';
import type { MergeReport } from './aws-auth/merge';
import { Candidate, resolveRoles } from './aws-auth/roles';
import { ConfigPurpose, loadConfigInput, loadConfig as loadConfigText } from './config';
import { parseConfig } from './config/parse';
import type { Config, ConfigInput, NodeGroup } from './config/types';
import { EksngError } from './errors';
import { fileFinding, Finding, formatFinding, problemFindings } from './findings';
import { makeTempDir, removeDir, withoutByteOrderMark, writeStaged } from './io';
import { lintTemplates } from './lint';
import { lintFindings } from './lint/cfn-lint';
import { buildOutputs } from './outputs';
import { pointer, Problem, error } from './problems';
import { runProcess } from './process';
import { renderYaml } from './render';
import { buildNodeGroupTemplate } from './template';
import { parametersWithoutValue } from './template/parameters';
import { usesAwsAuth } from './template/access-entry';
import { PlainTemplate } from './cfn/template';

export type { Config, ConfigInput, NodeGroup, Problem, Finding, PlainTemplate, MergeReport };

/** A config after the checks: `config` is null when any problem is an error. */
export interface LoadedConfig {
  readonly config: Config | null;
  /** Errors, warnings and notes, each with a JSON pointer into the config (`/nodeGroups/0/maxSize`). */
  readonly problems: readonly Problem[];
}

export interface LoadConfigOptions {
  /** "cluster" to check a config for `eksng cluster` (no deployed cluster's values needed). @default "nodeGroups" */
  readonly for?: ConfigPurpose;
}

/**
 * A config — JSON text (as in nodegroup.json; a UTF-8 BOM is accepted) or the parsed value — through
 * the three stages the CLI uses: JSON Schema, defaults, EKS rules.
 */
export function loadConfig(input: string | ConfigInput | unknown, options: LoadConfigOptions = {}): LoadedConfig {
  if (typeof input === 'string') return loadConfigText(withoutByteOrderMark(input), options);
  const parsed = parseConfig(input);
  if (!parsed.value) return { config: null, problems: parsed.problems };
  return loadConfigInput(parsed.value, options);
}

/** One node group's stack: the template as plain data, and the values of its parameters. */
export interface NodeGroupStack {
  readonly template: PlainTemplate;
  /** `[{ParameterKey, ParameterValue}]`, the contents of the parameters file. */
  readonly parameters: ReadonlyArray<{ readonly ParameterKey: string; readonly ParameterValue: string }>;
  /** Parameters the config gives no value for and the template no default: give them at deploy time. */
  readonly missingParameters: readonly string[];
}

/** The CloudFormation template of the node group named `nodeGroup` (null when the config has none of that name). */
export function buildNodeGroup(config: Config, nodeGroup: string): NodeGroupStack | null {
  const ng = config.nodeGroups.find((g) => g.name === nodeGroup);
  if (ng === undefined) return null;
  const built = buildNodeGroupTemplate(config, ng);
  return { template: built.template, parameters: built.parameterValues, missingParameters: parametersWithoutValue(built.parameters).map((s) => s.name) };
}

/** A template as YAML, the way eksng writes it: the same object gives the same bytes. */
export function renderTemplate(template: PlainTemplate): string {
  return renderYaml(template);
}

export interface GeneratedFile {
  /** The file name inside the output directory (`nodegroup-ng-1.yaml`). */
  readonly name: string;
  readonly content: string;
  /** A CloudFormation template (what `lintFiles` checks). */
  readonly cfnTemplate: boolean;
}

export interface GeneratedFiles {
  /** Empty when a problem is an error. */
  readonly files: readonly GeneratedFile[];
  readonly problems: readonly Finding[];
}

/**
 * Every file `eksng generate` writes for the config (templates, parameter files, summaries,
 * aws-auth, termination handler, Git sync files), in memory, after the checks that need the rendered
 * bytes (template size, the ConfigMap's schema). `configFile` is the name the files' headers cite.
 */
export function generateFiles(config: Config, configFile = 'nodegroup.json'): GeneratedFiles {
  try {
    const { files } = buildOutputs(config, configFile);
    return { files: files.map((f) => ({ name: f.name, content: f.content, cfnTemplate: f.cfnTemplate === true })), problems: [] };
  } catch (e) {
    if (e instanceof EksngError) return { files: [], problems: e.findings() };
    throw e;
  }
}

export interface LintOptions {
  /** Regions to check resource types and values against (the config's `cluster.region`). @default ["us-east-1"] */
  readonly regions?: readonly string[];
}

/**
 * cfn-lint on the templates among `files` (one process), as generate runs it; findings name the
 * files by `name`. A missing cfn-lint is a finding too (`cfn-lint.missing`), not an exception.
 */
export async function lintFiles(files: readonly GeneratedFile[], options: LintOptions = {}): Promise<Finding[]> {
  const templates = files.filter((f) => f.cfnTemplate);
  if (templates.length === 0) return [];
  const dir = await makeTempDir();
  try {
    const paths = await writeStaged(dir, templates.map((f) => ({ name: f.name, content: f.content })));
    const byPath = new Map(paths.map((p, i) => [path.resolve(p), templates[i].name]));
    const result = await lintTemplates(paths.map((p, i) => ({ path: p, content: templates[i].content })), options.regions ?? ['us-east-1'], runProcess, null);
    return lintFindings(result.findings, (file) => byPath.get(path.resolve(file)) ?? file);
  } catch (e) {
    if (!(e instanceof EksngError)) throw e;
    // A missing or crashed cfn-lint (ToolError) has no findings of its own: its message is one.
    const found = e.findings();
    return found.length > 0 ? found : [fileFinding('error', 'cfn-lint.unavailable', templates[0].name, e.message)];
  } finally {
    await removeDir(dir);
  }
}

export interface AwsAuthOptions {
  /** The cluster's ConfigMap (`kubectl get configmap aws-auth -n kube-system -o yaml`), to merge into; every entry it has is kept. */
  readonly current?: string | null;
  /** Role ARNs by node-group name (the stacks' NodeInstanceRole outputs); needed where cluster.accountId is not set. */
  readonly roleArns?: Readonly<Record<string, string>>;
  /** Node groups whose entries to remove (their roles from `roleArns`). */
  readonly remove?: readonly string[];
}

export interface AwsAuthResult {
  /** aws-auth-cm.yaml; null when a problem is an error, or the cluster does not read aws-auth (authenticationMode API). */
  readonly content: string | null;
  /** What the merge did: added, present, updated, removed, kept. Null when nothing was produced. */
  readonly report: MergeReport | null;
  readonly problems: readonly Problem[];
}

/** The aws-auth ConfigMap mapping every node group's role, fresh or merged into `current` without dropping an entry. */
export function mergeAwsAuth(config: Config, options: AwsAuthOptions = {}): AwsAuthResult {
  if (!usesAwsAuth(config)) {
    return { content: null, report: null, problems: [error('auth.api-mode', pointer('cluster', 'authenticationMode'), 'is API: the cluster does not read aws-auth; each node-group template\'s AccessEntry lets its nodes join')] };
  }
  let current = null;
  if (options.current != null) {
    const read = readCurrentAwsAuth(withoutByteOrderMark(options.current));
    if (!read.ok) return { content: null, report: null, problems: read.problems };
    current = { awsAuth: read.current, file: 'current aws-auth' };
  }
  const candidates: Candidate[] = Object.entries(options.roleArns ?? {}).map(([nodeGroup, arn]) => ({ nodeGroup, arn, source: `roleArns["${nodeGroup}"]` }));
  try {
    const { keep, remove, notes } = resolveRoles(config, candidates, options.remove ?? []);
    const { content, report } = produceAwsAuth(keep, remove, current);
    return { content, report, problems: [...notes, ...report.warnings] };
  } catch (e) {
    if (!(e instanceof EksngError)) throw e;
    const findings = e.findings();
    return { content: null, report: null, problems: findings.map((f) => ({ code: f.ruleId, pointer: f.pointer ?? '', message: f.message, severity: f.level })) };
  }
}

/** Problems as the CLI prints them, one line each: `nodegroup.json#/nodeGroups/0/maxSize: must be …`. */
export function formatProblems(file: string, problems: readonly Problem[]): string[] {
  return problemFindings(file, problems, null).map(formatFinding);
}
