/**
 * Large runs (issue 22): a config of SPILL_MIN_NODE_GROUPS node groups or more has its rendered
 * files appended to one temporary file as they are rendered, not held in memory. What is written
 * must be byte for byte what the in-memory path renders, and nothing may be left behind.
 */
import { readdirSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli';
import { loadConfig } from '../../src/config';
import { RenderedFile, SpillFile, withChanges } from '../../src/io';
import { buildOutputs, SPILL_MIN_NODE_GROUPS } from '../../src/outputs';
import { aConfig, captureContext, REAL } from '../helpers';

const spills = () => readdirSync(os.tmpdir()).filter((f) => f.startsWith('eksng-spill-')).length;

describe('large runs: rendered files wait on disk, not in memory', () => {
  it('a spilled file reads back exactly (UTF-8 with non-Latin-1 characters), shares its bytes when renamed, and is gone after remove', () => {
    const spill = new SpillFile();
    const before = spills();
    const a = new RenderedFile('a.md', spill.write('≥ 2 nodes — “quoted” …\n'));
    const b = new RenderedFile('b.yaml', spill.write('x: 1\n'));
    expect(spills()).toBe(before + 1);
    expect([a.content, b.content, withChanges(a, { name: 'sub/a.md' }).content]).toEqual(['≥ 2 nodes — “quoted” …\n', 'x: 1\n', '≥ 2 nodes — “quoted” …\n']);
    spill.remove();
    expect(spills()).toBe(before);
    expect(() => a.content).toThrow(/read after its run ended/);
  });

  it(`generate of ${SPILL_MIN_NODE_GROUPS} node groups writes what the in-memory rendering gives, byte for byte, and leaves no spill file`, async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'eksng-large-'));
    try {
      const input = { ...aConfig({ cluster: { accountId: '111122223333' } }), nodeGroups: Array.from({ length: SPILL_MIN_NODE_GROUPS }, (_, i) => ({ name: `ng-${i}`, spot: i % 2 === 1 })) };
      const configFile = path.join(work, 'large.json');
      writeFileSync(configFile, JSON.stringify(input));
      const before = spills();
      const ctx = captureContext(REAL);
      expect(await main(['generate', '--no-lint', '--config', configFile, '--out', path.join(work, 'out')], ctx)).toBe(0);
      expect(spills()).toBe(before);
      const expected = buildOutputs(loadConfig(JSON.stringify(input)).config!, 'large.json');
      expect(readdirSync(path.join(work, 'out')).sort()).toEqual(expected.files.map((f) => f.name).sort());
      for (const f of expected.files) expect([f.name, readFileSync(path.join(work, 'out', f.name), 'utf8') === f.content]).toEqual([f.name, true]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);
});
