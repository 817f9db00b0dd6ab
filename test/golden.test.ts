/**
 * Golden files: one folder per scenario under test/golden/<case>/ with its nodegroup.json and the
 * expected output files in expected/. Adding a folder adds a test. UPDATE_GOLDEN=1 rewrites the
 * expected files; review the diff.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { load } from 'js-yaml';
import { loadConfig } from '../src/config';
import { runCfnLint } from '../src/lint/cfn-lint';
import { buildOutputs } from '../src/outputs';
import { runProcess } from '../src/process';

const GOLDEN = path.join(__dirname, 'golden');
const cases = readdirSync(GOLDEN).filter((d) => existsSync(path.join(GOLDEN, d, 'nodegroup.json'))).sort();

function generateCase(name: string) {
  const { config, problems } = loadConfig(readFileSync(path.join(GOLDEN, name, 'nodegroup.json'), 'utf8'));
  if (!config) throw new Error(`${name}: ${JSON.stringify(problems)}`);
  return { config, outputs: buildOutputs(config, 'nodegroup.json') };
}

describe('golden scenarios', () => {
  it('has scenarios', () => expect(cases.length).toBeGreaterThanOrEqual(5));

  describe.each(cases)('%s', (name) => {
    const expectedDir = path.join(GOLDEN, name, 'expected');
    const { outputs } = generateCase(name);

    it('produces exactly the expected files, byte for byte', () => {
      if (process.env.UPDATE_GOLDEN) {
        rmSync(expectedDir, { recursive: true, force: true });
        mkdirSync(expectedDir, { recursive: true });
        for (const f of outputs.files) writeFileSync(path.join(expectedDir, f.name), f.content);
      }
      expect(outputs.files.map((f) => f.name).sort()).toEqual(readdirSync(expectedDir).sort());
      for (const f of outputs.files) expect([f.name, f.content]).toEqual([f.name, readFileSync(path.join(expectedDir, f.name), 'utf8')]);
    });

    it('gives the same bytes when run again', () => {
      expect(generateCase(name).outputs.files).toEqual(outputs.files);
    });

    it('writes plain YAML that reads back (no custom tags) to the template it came from', () => {
      for (const t of outputs.templates) {
        const text = outputs.files.find((f) => f.name === t.templateFile)!.content;
        expect(text).not.toMatch(/^[^#\n]*!(Ref|Sub|GetAtt|If|Base64)\b/m);
        expect(load(text)).toEqual(t.built.template);
        expect(text.endsWith('\n')).toBe(true);
      }
    });
  });

  it('passes cfn-lint without a single finding (all scenarios in one cfn-lint process)', async () => {
    const dir = path.join(os.tmpdir(), `eksng-golden-lint-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    try {
      const byRegion = new Map<string, string[]>();
      for (const name of cases) {
        const { config, outputs } = generateCase(name);
        // Every CloudFormation template of the case: node groups', and the config's own (the termination handler's).
        for (const f of outputs.files.filter((f) => f.cfnTemplate)) {
          const file = path.join(dir, `${name}--${f.name}`);
          writeFileSync(file, f.content);
          byRegion.set(config.cluster.region, [...(byRegion.get(config.cluster.region) ?? []), file]);
        }
      }
      const all = [...byRegion.values()].flat();
      const regions = [...byRegion.keys()];
      expect(await runCfnLint(all, regions, runProcess)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
