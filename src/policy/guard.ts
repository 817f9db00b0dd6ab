/**
 * cfn-guard as the third validator, beside the config schema and cfn-lint: AWS Control Tower's
 * proactive controls (the guard rules Control Tower's CloudFormation hook evaluates) and an
 * organization's own rules, over every template of a run in one process. The binary and the
 * Control Tower rules come from the pinned npm package `@cdklabs/cdk-validator-cfnguard` (an
 * optional peer dependency of eksng: it brings aws-cdk-lib along, which not every user wants).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ToolError } from '../errors';
import { Finding, FindingLevel } from '../findings';
import { ProcessRunner } from '../process';
import { CONTROL_TOWER } from './controls';

export const GUARD_PACKAGE = CONTROL_TOWER.package;
/** The version eksng's tests and the README's control table are made with (package.json pins it; control-tower.json says it). */
export const GUARD_PACKAGE_VERSION = CONTROL_TOWER.version;
export const GUARD_INSTALL_HINT = `npm install --save-dev --save-exact --legacy-peer-deps ${GUARD_PACKAGE}@${GUARD_PACKAGE_VERSION} (it ships cfn-guard ${CONTROL_TOWER.cfnGuard} and the Control Tower rules; --legacy-peer-deps keeps npm from also installing aws-cdk-lib, which eksng does not use)`;

/** Where the package keeps the binary of each platform it ships one for. */
const PLATFORM_DIRS: Readonly<Record<string, string>> = { linux: 'ubuntu', darwin: 'macos' };
const ARCH_DIRS: Readonly<Record<string, string>> = { x64: 'x86_64', arm64: 'aarch64' };

export interface GuardInstall {
  readonly binary: string;
  /** The Control Tower rules: one directory per service. */
  readonly controlTowerRules: string;
}

/** The installed package's binary for this platform and its rules; a tool error with the hint when either is missing. */
export function locateGuard(platform: string = process.platform, arch: string = process.arch, resolve: (id: string) => string = require.resolve): GuardInstall {
  let root: string;
  try {
    root = path.dirname(resolve(`${GUARD_PACKAGE}/package.json`));
  } catch {
    throw new ToolError(`--policy needs cfn-guard and the Control Tower rules, from the npm package ${GUARD_PACKAGE}, which is not installed; install it with: ${GUARD_INSTALL_HINT}`);
  }
  const os = PLATFORM_DIRS[platform];
  const cpu = ARCH_DIRS[arch];
  const binary = os && cpu ? path.join(root, 'bin', os, cpu, 'cfn-guard') : null;
  if (binary === null || !fs.existsSync(binary)) {
    throw new ToolError(`${GUARD_PACKAGE} ships no cfn-guard binary for ${platform}/${arch} (it has Linux and macOS, x86_64 and arm64); run eksng on one of those, e.g. in CI`);
  }
  return { binary, controlTowerRules: path.join(root, 'rules', 'control-tower', 'cfn-guard') };
}

/** Every `.guard` file under a directory, in code-unit order (the same order on every machine). */
export function ruleFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.guard') || e.name.endsWith('.ruleset')) found.push(p);
    }
  };
  walk(dir);
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The resource types a rule file checks (`let X_TYPE = "AWS::EC2::LaunchTemplate"`); empty: it names none, so it always runs. */
export function ruleResourceTypes(text: string): string[] {
  return [...text.matchAll(/"(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)"/g)].map((m) => m[1]);
}

/**
 * The Control Tower rule files that can apply to templates with these resource types: the 237
 * files cost a second per template; the few that name one of ours cost a fraction.
 */
export function applicableRules(files: readonly string[], resourceTypes: ReadonlySet<string>, read: (file: string) => string = (f) => fs.readFileSync(f, 'utf8')): string[] {
  return files.filter((f) => {
    const types = ruleResourceTypes(read(f));
    return types.length === 0 || types.some((t) => resourceTypes.has(t));
  });
}

export interface GuardViolation {
  /** The template file as cfn-guard was given it. */
  readonly file: string;
  /** The guard rule's name, e.g. `ec2_launch_template_token_hop_limit_check`. */
  readonly rule: string;
  /** The Control Tower control id (`CT.EC2.PR.2`), or null for a rule of the organization's own. */
  readonly control: string | null;
  /** The control's sentence and its fix, from the rule's custom message. */
  readonly message: string;
  /** Where in the template, as a path: `/Resources/NodeLaunchTemplate/Properties/…`. */
  readonly path: string | null;
}

interface GuardNode {
  [key: string]: unknown;
}

const isNode = (v: unknown): v is GuardNode => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The control id, message and paths in one not-compliant rule's tree of checks. */
function collect(node: unknown, out: { messages: string[]; paths: Set<string> }): void {
  if (Array.isArray(node)) {
    for (const n of node) collect(n, out);
    return;
  }
  if (!isNode(node)) return;
  const messages = node.messages;
  if (isNode(messages) && typeof messages.custom_message === 'string' && messages.custom_message.trim()) out.messages.push(messages.custom_message);
  for (const key of ['traversed_to', 'from']) {
    const at = node[key];
    if (isNode(at) && typeof at.path === 'string') out.paths.add(at.path);
  }
  for (const v of Object.values(node)) collect(v, out);
}

/** `[CT.EC2.PR.2]: Require …  [FIX]: …` as one line; the id apart. */
export function parseCustomMessage(text: string): { control: string | null; message: string } {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const id = /\[(CT\.[A-Z0-9]+\.PR\.[0-9]+)\]/.exec(oneLine)?.[1] ?? null;
  return { control: id, message: oneLine.replace(/^\[CT\.[A-Z0-9]+\.PR\.[0-9]+\]:\s*/, '') };
}

/** cfn-guard's `--structured --output-format json` report, one violation per rule and path (paths in order). */
export function parseGuardReport(stdout: string): GuardViolation[] {
  let raw: unknown;
  try {
    raw = JSON.parse(stdout || '[]');
  } catch {
    throw new ToolError(`cfn-guard printed output that is not JSON: ${stdout.trim().split('\n').slice(0, 3).join(' ')}`);
  }
  if (!Array.isArray(raw)) throw new ToolError('cfn-guard printed unexpected JSON (not a list of files)');
  const violations: GuardViolation[] = [];
  for (const file of raw) {
    if (!isNode(file) || !Array.isArray(file.not_compliant)) continue;
    for (const entry of file.not_compliant) {
      const rule = isNode(entry) && isNode(entry.Rule) ? entry.Rule : null;
      if (!rule) continue;
      const found = { messages: [] as string[], paths: new Set<string>() };
      collect(rule, found);
      const { control, message } = parseCustomMessage(found.messages[0] ?? '');
      const paths = [...found.paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (const p of paths.length > 0 ? mostSpecific(paths) : [null]) {
        violations.push({ file: String(file.name), rule: String(rule.name), control, message: message || `guard rule ${String(rule.name)} failed`, path: p });
      }
    }
  }
  return violations;
}

/** Drops a path when a longer one below it is also reported: the place, not every ancestor on the way. */
function mostSpecific(paths: readonly string[]): string[] {
  return paths.filter((p) => !paths.some((q) => q !== p && q.startsWith(`${p}/`)));
}

/** cfn-guard exits 0 when every rule passed, 19 when some failed; anything else is its own failure. */
const GUARD_FAILED_RULES = 19;

export async function runGuard(install: GuardInstall, rules: readonly string[], files: readonly string[], run: ProcessRunner): Promise<GuardViolation[]> {
  if (files.length === 0 || rules.length === 0) return [];
  const args = ['validate', ...rules.flatMap((r) => ['--rules', r]), ...files.flatMap((f) => ['--data', f]), '--output-format', 'json', '--structured', '--show-summary', 'none'];
  const result = await run(install.binary, args);
  if (result.spawnError) throw new ToolError(`cfn-guard could not be started (${install.binary}): ${result.spawnError.message}; reinstall with: ${GUARD_INSTALL_HINT}`);
  if (result.code !== 0 && result.code !== GUARD_FAILED_RULES) {
    throw new ToolError(`cfn-guard failed (exit status ${result.code ?? 'signal'}): ${(result.stderr || result.stdout).trim().split('\n').slice(0, 3).join(' ')}`);
  }
  const violations = parseGuardReport(result.stdout);
  if (result.code === GUARD_FAILED_RULES && violations.length === 0) throw new ToolError(`cfn-guard reported failed rules but no violation could be read: ${result.stderr.trim().split('\n')[0] ?? ''}`);
  return violations;
}

/** Violations as findings; `fieldFor` names the config field that changes a control's outcome. */
export function guardFindings(
  violations: readonly GuardViolation[],
  level: (file: string) => FindingLevel,
  displayName: (file: string) => string,
  position: (file: string, pathInTemplate: string) => { line: number; column: number } | null,
  fieldFor: (control: string) => string | null,
): Finding[] {
  return violations.map((v) => {
    const at = v.path === null ? null : position(v.file, v.path);
    const field = v.control === null ? null : fieldFor(v.control);
    return {
      tool: 'cfn-guard',
      level: level(v.file),
      ruleId: v.control ?? v.rule,
      ruleName: v.rule,
      message: `${v.message}${field ? ` (config: ${field})` : ''}`,
      file: displayName(v.file),
      pointer: v.path,
      line: at?.line ?? null,
      column: at?.column ?? null,
    };
  });
}
