/** Machine-readable findings: --format json and --sarif (checked against the published SARIF 2.1.0 schema). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv4 from 'ajv-draft-04';
import { main } from '../src/cli';
import { ExitCode } from '../src/errors';
import { positionOf } from '../src/json-position';
import { aConfig, captureContext } from './helpers';

// The published schema, as the @microsoft/jest-sarif package ships it (its "exports" hide the file from require.resolve).
const SARIF_SCHEMA = JSON.parse(readFileSync(path.join(__dirname, '../node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
const validateSarif = new Ajv4({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(SARIF_SCHEMA);

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'eksng-findings-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** cfn-lint answering one error and one warning for the first template it is given. */
const lintErrorAndWarning = (_: string, args: readonly string[]) => {
  const file = args[args.indexOf('--') + 1];
  const f = (Id: string, Level: string, line: number) => ({ Rule: { Id, ShortDescription: `rule ${Id}` }, Level, Message: `${Level} here`, Filename: file, Location: { Start: { LineNumber: line, ColumnNumber: 3 }, Path: ['Resources', 'NodeGroup'] } });
  return { code: 6, stdout: JSON.stringify([f('E3012', 'Error', 42), f('W2001', 'Warning', 7)]) };
};

function writeConfig(config: unknown): string {
  const file = path.join(dir, 'nodegroup.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

describe('--format json', () => {
  it('prints one JSON document with every finding on stdout, the rest on stderr', async () => {
    const ctx = captureContext(lintErrorAndWarning);
    const config = writeConfig(aConfig({ cluster: { subnetIds: ['subnet-0a1b2c3d4e5f60718'] } }));
    expect(await main(['validate', '--format', 'json', '--config', config], ctx)).toBe(ExitCode.invalid);
    const doc = JSON.parse(ctx.out());
    expect(doc).toMatchObject({ ok: false, exitCode: 1, error: 'cfn-lint found 1 error; nothing was written' });
    expect(doc.findings.map((f: any) => [f.tool, f.level, f.ruleId])).toEqual([
      ['eksng', 'warning', 'rule.single-subnet'],
      // In template order (line 7, then 42), whichever order cfn-lint printed them in.
      ['cfn-lint', 'warning', 'W2001'],
      ['cfn-lint', 'error', 'E3012'],
    ]);
    expect(doc.findings[0]).toMatchObject({ file: expect.stringMatching(/nodegroup\.json$/), pointer: '/cluster/subnetIds', line: expect.any(Number) });
    expect(doc.findings[2]).toMatchObject({ file: 'out/nodegroup-ng-1.yaml', line: 42, column: 3, pointer: 'Resources/NodeGroup' });
  });

  it('reports config errors with their pointers and lines, and ok: true on success', async () => {
    const bad = writeConfig(aConfig({ nodeGroup: { minSize: 4, desiredCapacity: 3, maxSize: 2 } }));
    const ctx = captureContext();
    expect(await main(['generate', '--format', 'json', '--config', bad, '--out', path.join(dir, 'out')], ctx)).toBe(ExitCode.invalid);
    const doc = JSON.parse(ctx.out());
    expect(doc.findings).toEqual([
      expect.objectContaining({ tool: 'eksng', level: 'error', ruleId: 'rule.size-order', pointer: '/nodeGroups/0/desiredCapacity', line: expect.any(Number) }),
      expect.objectContaining({ tool: 'eksng', level: 'error', ruleId: 'rule.size-order', pointer: '/nodeGroups/0/maxSize' }),
    ]);
    const good = captureContext();
    expect(await main(['validate', '--format', 'json', '--config', writeConfig(aConfig())], good)).toBe(ExitCode.ok);
    expect(JSON.parse(good.out())).toEqual({ ok: true, exitCode: 0, error: null, findings: [] });
  });
});

describe('--sarif', () => {
  it('writes SARIF 2.1.0 that validates against the published schema, with rule ids, files and lines', async () => {
    const sarif = path.join(dir, 'results.sarif');
    const ctx = captureContext(lintErrorAndWarning);
    const config = writeConfig(aConfig({ cluster: { subnetIds: ['subnet-0a1b2c3d4e5f60718'] } }));
    expect(await main(['generate', '--config', config, '--out', path.join(dir, 'out'), '--sarif', sarif], ctx)).toBe(ExitCode.invalid);
    const log = JSON.parse(readFileSync(sarif, 'utf8'));
    expect(validateSarif(log) ? [] : validateSarif.errors).toEqual([]);
    expect(log.version).toBe('2.1.0');
    expect(log.runs.map((r: any) => r.tool.driver.name)).toEqual(['eksng', 'cfn-lint']);
    const [eksng, cfnLint] = log.runs;
    expect(cfnLint.tool.driver.rules).toEqual([{ id: 'E3012', shortDescription: { text: 'rule E3012' } }, { id: 'W2001', shortDescription: { text: 'rule W2001' } }]);
    expect(cfnLint.results[1]).toMatchObject({ ruleId: 'E3012', level: 'error', locations: [{ physicalLocation: { artifactLocation: { uri: expect.stringMatching(/nodegroup-ng-1\.yaml$/) }, region: { startLine: 42, startColumn: 3 } } }] });
    expect(eksng.results[0]).toMatchObject({ ruleId: 'rule.single-subnet', level: 'warning' });
    expect(eksng.results[0].locations[0].physicalLocation.region.startLine).toBe(positionOf(readFileSync(config, 'utf8'), '/cluster/subnetIds')!.line);
  });

  it('writes an empty-results log on a clean run', async () => {
    const sarif = path.join(dir, 'results.sarif');
    expect(await main(['validate', '--config', writeConfig(aConfig()), '--sarif', sarif], captureContext())).toBe(ExitCode.ok);
    const log = JSON.parse(readFileSync(sarif, 'utf8'));
    expect(validateSarif(log)).toBe(true);
    expect(log.runs).toEqual([expect.objectContaining({ results: [] })]);
  });
});

describe('positionOf', () => {
  const text = '{\n  "cluster": {\n    "name": "x",\n    "subnetIds": ["a", "b"]\n  },\n  "nodeGroups": [\n    { "name": "ng" }\n  ]\n}\n';
  it.each([
    ['', 1, 1],
    ['/cluster/name', 3, 13],
    ['/cluster/subnetIds/1', 4, 24],
    ['/nodeGroups/0/name', 7, 15],
    ['/nodeGroups/0/maxSize', 7, 5],
  ])('%s is at line %i, column %i', (pointer, line, column) => {
    expect(positionOf(text, pointer)).toEqual({ line, column });
  });
});
