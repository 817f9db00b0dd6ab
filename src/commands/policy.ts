/**
 * cfn-guard over the staged templates of a run (one process): the Control Tower controls for the
 * templates whose config (or `--policy control-tower`) asks for them, and the organization's own
 * rules (`--policy-rules dir`) for every template checked. Findings go to the one channel;
 * under a config's compliance profile they are errors, and nothing is written.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ValidationFailedError } from '../errors';
import { FindingLevel } from '../findings';
import { loadCfnYaml } from '../cfn-yaml';
import { applicableRules, guardFindings, locateGuard, ruleFiles, runGuard } from '../policy/guard';
import { controlField } from '../policy/controls';
import { yamlPackage } from '../aws-auth/yaml';
import { UsageError } from '../errors';
import { CommandContext } from './context';
import type { StagedTemplate } from './lint';

export interface PolicyChoice {
  /** `--policy control-tower`: every template of the run, findings as warnings (unless its config enforces them). */
  readonly controlTower: boolean;
  /** `--policy-rules dir`: directories of the organization's own guard rules. */
  readonly rules: readonly string[];
}

export interface GuardedTemplate extends StagedTemplate {
  readonly guard: 'report' | 'enforce' | null;
}

/** The resource types of the templates, to pick the rule files that can apply. */
function resourceTypes(templates: readonly GuardedTemplate[]): Set<string> {
  const types = new Set<string>();
  for (const t of templates) {
    const doc = loadCfnYaml(t.content) as { Resources?: Record<string, { Type?: unknown }> } | null;
    for (const r of Object.values(doc?.Resources ?? {})) if (typeof r?.Type === 'string') types.add(r.Type);
  }
  return types;
}

/** Line and column of a `/Resources/…` path in a rendered YAML template (`docs`: each template parsed once). */
function positionIn(content: string, pathInTemplate: string, docs: Map<string, ReturnType<ReturnType<typeof yamlPackage>['parseDocument']>>): { line: number; column: number } | null {
  let doc = docs.get(content);
  if (doc === undefined) {
    doc = yamlPackage().parseDocument(content);
    docs.set(content, doc);
  }
  const keys = pathInTemplate.split('/').slice(1).map((k) => (/^[0-9]+$/.test(k) ? Number(k) : k));
  for (let n = keys.length; n > 0; n--) {
    const node = doc.getIn(keys.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) {
      const before = content.slice(0, node.range[0]);
      const line = before.split('\n').length;
      return { line, column: node.range[0] - before.lastIndexOf('\n') };
    }
  }
  return null;
}

export async function guardStaged(templates: readonly GuardedTemplate[], choice: PolicyChoice | null, ctx: CommandContext): Promise<void> {
  const controlTower = (t: GuardedTemplate) => t.guard !== null || (choice?.controlTower ?? false);
  const extra = choice?.rules ?? [];
  const checked = templates.filter((t) => controlTower(t) || extra.length > 0);
  if (checked.length === 0) return;
  for (const dir of extra) if (!fs.existsSync(dir)) throw new UsageError(`--policy-rules ${dir}: no such file or directory (give a directory of .guard files, or one file)`);
  const install = locateGuard();
  const rules = [...(checked.some(controlTower) ? applicableRules(ruleFiles(install.controlTowerRules), resourceTypes(checked)) : []), ...extra];
  const byStaged = new Map(checked.map((t) => [path.resolve(t.staged), t]));
  const of = (file: string) => byStaged.get(path.resolve(file));
  const violations = (await runGuard(install, rules, checked.map((t) => t.staged), ctx.run))
    // Control Tower's controls only where they were asked for; the organization's rules everywhere checked.
    .filter((v) => v.control === null || (of(v.file) !== undefined && controlTower(of(v.file)!)));
  const level = (file: string): FindingLevel => (of(file)?.guard === 'enforce' ? 'error' : 'warning');
  const docs = new Map<string, ReturnType<ReturnType<typeof yamlPackage>['parseDocument']>>();
  const findings = guardFindings(violations, level, (file) => of(file)?.display ?? file, (file, p) => positionIn(of(file)?.content ?? '', p, docs), controlField);
  const errors = findings.filter((f) => f.level === 'error').length;
  if (errors > 0) {
    throw new ValidationFailedError(`cfn-guard found ${errors} failed control${errors === 1 ? '' : 's'} under the config's compliance profile; nothing was written`, findings);
  }
  for (const f of findings) ctx.report(f);
}
