/**
 * Golden files of `eksng cluster`: one folder per scenario under test/golden-cluster/<case>/ with its
 * nodegroup.json and the expected cluster.yaml and parameter files in expected/. Adding a folder adds
 * a test. UPDATE_GOLDEN=1 rewrites the expected files; review the diff.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { load } from 'js-yaml';
import { buildClusterFiles, CLUSTER_FILES, CLUSTER_TEMPLATE_FILE } from '../../src/outputs';
import { loadConfig } from '../../src/config';
import { runCfnLint } from '../../src/lint/cfn-lint';
import { INLINE_TEMPLATE_MAX_BYTES } from '../../src/outputs';
import { runProcess } from '../../src/process';

const GOLDEN = path.join(__dirname, '../golden-cluster');
const cases = readdirSync(GOLDEN).filter((d) => existsSync(path.join(GOLDEN, d, 'nodegroup.json'))).sort();

function generateCase(name: string) {
  const { config, problems } = loadConfig(readFileSync(path.join(GOLDEN, name, 'nodegroup.json'), 'utf8'), { for: 'cluster' });
  if (!config) throw new Error(`${name}: ${JSON.stringify(problems)}`);
  expect(problems).toEqual([]);
  return { config, produced: buildClusterFiles(config, 'nodegroup.json') };
}

describe('golden cluster scenarios', () => {
  it('has scenarios', () => expect(cases.length).toBeGreaterThanOrEqual(5));

  describe.each(cases)('%s', (name) => {
    const expectedDir = path.join(GOLDEN, name, 'expected');
    const { produced } = generateCase(name);
    const yaml = produced.files.find((f) => f.name === CLUSTER_TEMPLATE_FILE)!.content;

    it('produces exactly the expected files, byte for byte', () => {
      if (process.env.UPDATE_GOLDEN) {
        rmSync(expectedDir, { recursive: true, force: true });
        mkdirSync(expectedDir, { recursive: true });
        for (const f of produced.files) writeFileSync(path.join(expectedDir, f.name), f.content);
      }
      expect(produced.files.map((f) => f.name).sort()).toEqual(readdirSync(expectedDir).sort());
      for (const f of produced.files) expect([f.name, f.content]).toEqual([f.name, readFileSync(path.join(expectedDir, f.name), 'utf8')]);
    });

    it('gives the same bytes when run again', () => {
      expect(generateCase(name).produced.files).toEqual(produced.files);
    });

    it('writes plain YAML that reads back (no custom tags) to the template it came from, well under the inline limit', () => {
      expect(yaml).not.toMatch(/^[^#\n]*!(Ref|Sub|GetAtt|GetAZs|Select|Join)\b/m);
      expect(load(yaml)).toEqual(produced.built.template);
      expect(yaml.endsWith('\n')).toBe(true);
      expect(Buffer.byteLength(yaml)).toBeLessThan(INLINE_TEMPLATE_MAX_BYTES / 2);
    });

    it('writes the same values in both parameter-file forms', () => {
      const json = (file: string) => JSON.parse(produced.files.find((f) => f.name === file)!.content);
      const parameters = json(CLUSTER_FILES.parameters);
      const overrides = json(CLUSTER_FILES.overrides);
      expect(overrides).toEqual(parameters.map((p: { ParameterKey: string; ParameterValue: string }) => `${p.ParameterKey}=${p.ParameterValue}`));
    });
  });

  it('passes cfn-lint without a single finding (all scenarios in one cfn-lint process)', async () => {
    const dir = path.join(os.tmpdir(), `eksng-golden-cluster-lint-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    try {
      const files: string[] = [];
      const regions = new Set<string>();
      for (const name of cases) {
        const { config, produced } = generateCase(name);
        const file = path.join(dir, `${name}--${CLUSTER_TEMPLATE_FILE}`);
        writeFileSync(file, produced.files.find((f) => f.name === CLUSTER_TEMPLATE_FILE)!.content);
        files.push(file);
        regions.add(config.cluster.region);
      }
      expect(await runCfnLint(files, [...regions], runProcess)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
