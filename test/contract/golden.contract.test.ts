/**
 * Every node-group template the generator has written (test/golden/<case>/expected/*.yaml and
 * out/<case>/*.yaml) read the way the node reads it. Cluster templates and aws-auth ConfigMaps have
 * no launch template and are skipped. Each template is read twice: with its parameters' Defaults,
 * and with the values of its <name>.parameters.json beside it (what `aws cloudformation deploy` is
 * given). A failure here lists, one line each, what nodeadm / bootstrap.sh / Bottlerocket /
 * EC2Launch, PowerShell and Start-EKSBootstrap.ps1 would do.
 */
import { existsSync, readFileSync, readdirSync } from 'fs';
import * as path from 'path';
import { load } from 'js-yaml';
import { contractViolations, readTemplate } from './check-template';
import { FAMILIES, Family } from './read-node';
import { formatViolation } from './violations';

const ROOT = path.join(__dirname, '..', '..');

function yamlFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return yamlFilesUnder(p);
    return e.isFile() && e.name.endsWith('.yaml') ? [p] : [];
  });
}

function hasLaunchTemplate(text: string): boolean {
  const t = load(text);
  if (typeof t !== 'object' || t === null || !('Resources' in t)) return false;
  const resources = t.Resources;
  return typeof resources === 'object' && resources !== null && Object.values(resources).some((r: unknown) => typeof r === 'object' && r !== null && 'Type' in r && r.Type === 'AWS::EC2::LaunchTemplate');
}

const goldenDir = path.join(ROOT, 'test', 'golden');
const candidates = [
  ...readdirSync(goldenDir).flatMap((c) => yamlFilesUnder(path.join(goldenDir, c, 'expected'))),
  ...yamlFilesUnder(path.join(ROOT, 'out')),
].sort();
const templates = candidates.filter((f) => hasLaunchTemplate(readFileSync(f, 'utf8'))).map((f) => path.relative(ROOT, f));

/** `<name>.parameters.json` ([{ParameterKey, ParameterValue}]) as overrides, or none. */
function deployParameters(template: string): Record<string, string> | undefined {
  const file = path.join(ROOT, template.replace(/\.yaml$/, '.parameters.json'));
  if (!existsSync(file)) return undefined;
  const list: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(list)) throw new Error(`${file}: not an array`);
  const out: Record<string, string> = {};
  for (const p of list) {
    if (typeof p === 'object' && p !== null && 'ParameterKey' in p && 'ParameterValue' in p && typeof p.ParameterKey === 'string' && typeof p.ParameterValue === 'string') {
      out[p.ParameterKey] = p.ParameterValue;
    }
  }
  return out;
}

const cases = templates.flatMap((t) => {
  const params = deployParameters(t);
  return [
    { template: t, with: 'parameter Defaults', overrides: {} },
    ...(params ? [{ template: t, with: path.basename(t).replace(/\.yaml$/, '.parameters.json'), overrides: params }] : []),
  ];
});

describe('generated node-group templates, read as the node reads them', () => {
  it('finds node-group templates, and reads each with a family the checker knows', async () => {
    expect(templates.length).toBeGreaterThan(0);
    const byFamily = new Map<Family | undefined, string[]>();
    for (const t of templates) {
      const { family } = await readTemplate(readFileSync(path.join(ROOT, t), 'utf8'));
      byFamily.set(family, [...(byFamily.get(family) ?? []), t]);
    }
    expect(byFamily.get(undefined)).toBeUndefined();
    // Every family in FAMILIES has generated templates here, so each reader runs on real output.
    for (const family of FAMILIES) expect([family, (byFamily.get(family) ?? []).length > 0]).toEqual([family, true]);
  });

  it.each(cases)('$template with $with: no violations', async ({ template, overrides }) => {
    const violations = await contractViolations(readFileSync(path.join(ROOT, template), 'utf8'), overrides);
    if (violations.length) console.log(`${template}:\n  ${violations.join('\n  ')}`);
    expect(violations).toEqual([]);
  });
});

describe('an AL2023 cluster whose name YAML would read as another type (issue 12, item 2)', () => {
  const minimal = path.join(ROOT, 'test', 'golden', 'minimal', 'expected', 'nodegroup-ng-1.yaml');
  const text = readFileSync(minimal, 'utf8');
  const template = load(text);
  const allowedPattern =
    typeof template === 'object' && template !== null && 'Parameters' in template && typeof template.Parameters === 'object' && template.Parameters !== null && 'ClusterName' in template.Parameters
      ? (template.Parameters.ClusterName as { AllowedPattern?: string }).AllowedPattern
      : undefined;
  const names: Array<[string, string]> = [
    ['2024', 'number 2024'],
    ['on', 'boolean true'],
    ['no', 'boolean false'],
    ['0x1F', 'number 31'],
    ['1e3', 'number 1000'],
  ];

  it.each(names)('GIVEN ClusterName=%s, which the parameter accepts, WHEN deployed THEN nodeadm reads spec.cluster.name as that string', async (name) => {
    expect(allowedPattern).toBeDefined();
    expect(new RegExp(allowedPattern ?? '$^').test(name)).toBe(true);
    const r = await readTemplate(text, { ClusterName: name });
    expect(r.violations).toEqual([]);
    expect(r.reading?.nodeConfigs).toEqual([expect.objectContaining({ spec: expect.objectContaining({ cluster: expect.objectContaining({ name }) }) })]);
  });

  it('GIVEN ClusterName=null WHEN deployed THEN nodeadm reads the string "null"', async () => {
    const r = await readTemplate(text, { ClusterName: 'null' });
    expect(r.violations).toEqual([]);
  });

  // The check itself: the same template as eksng wrote it before the fix (unquoted) is reported.
  it.each(names)('GIVEN the unquoted form `name: ${ClusterName}` and ClusterName=%s THEN the contract reports a %s', async (name, got) => {
    const unquoted = text.replace('name: "${ClusterName}"', 'name: ${ClusterName}');
    expect(unquoted).not.toBe(text);
    const r = await readTemplate(unquoted, { ClusterName: name });
    expect(r.violations.map((v) => `${v.code} ${v.at}`)).toEqual(['wrong-type part 1 (application/node.eks.aws) spec.cluster.name']);
    expect(formatViolation(r.violations[0])).toBe(
      `nodeadm: part 1 (application/node.eks.aws) spec.cluster.name must be string, got ${got}: nodeadm cannot decode the NodeConfig and fails`,
    );
  });
});
