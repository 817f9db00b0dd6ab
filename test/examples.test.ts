/**
 * Every example config users copy from templates/ is built and linted by the real cfn-lint (one
 * process) with not a single finding, and out/ holds what `npm run generate` makes of them
 * (the repository dogfoods `eksng generate --check`).
 */
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { main } from '../src/cli';
import { loadConfig } from '../src/config';
import { runCfnLint } from '../src/lint/cfn-lint';
import { runProcess } from '../src/process';
import { captureContext, REAL } from './helpers';
import { NodeGroupTemplateFile } from '../src/outputs/kinds';
import { mkdtempSync, rmSync } from 'fs';
import * as os from 'os';

const ROOT = path.join(__dirname, '..');
const examples = readdirSync(path.join(ROOT, 'templates')).filter((f) => f.endsWith('.json')).sort();

describe('example configs in templates/', () => {
  it('include the walkthrough node group and a minimal one', () => {
    expect(examples).toEqual(expect.arrayContaining(['walkthrough.json', 'minimal.json']));
    const walkthrough = JSON.parse(readFileSync(path.join(ROOT, 'templates/walkthrough.json'), 'utf8'));
    expect(walkthrough.nodeGroups[0]).toMatchObject({ instanceType: 't3.medium', spot: true, associatePublicIpAddress: true, desiredCapacity: 2, ssh: expect.any(Object) });
  });

  it.each(examples)('%s is valid without warnings', (file) => {
    expect(loadConfig(readFileSync(path.join(ROOT, 'templates', file), 'utf8')).problems).toEqual([]);
  });

  it('all generate, through the CLI, templates that cfn-lint accepts without any finding (one cfn-lint process)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'eksng-examples-'));
    try {
      const templates: string[] = [];
      const regions = new Set<string>();
      for (const file of examples) {
        const out = path.join(dir, path.basename(file, '.json'));
        const ctx = captureContext(REAL);
        const code = await main(['generate', '--no-lint', '--config', path.join(ROOT, 'templates', file), '--out', out], ctx);
        expect({ file, code }).toEqual({ file, code: 0 });
        templates.push(...readdirSync(out).filter((f) => NodeGroupTemplateFile.owns(f)).map((f) => path.join(out, f)));
        regions.add(loadConfig(readFileSync(path.join(ROOT, 'templates', file), 'utf8')).config!.cluster.region);
      }
      expect(templates.length).toBeGreaterThanOrEqual(examples.length);
      expect(await runCfnLint(templates, [...regions], runProcess)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('out/ holds exactly what they generate (eksng generate --check; fix with npm run generate)', async () => {
    const ctx = captureContext(REAL);
    const code = await main(['generate', '--check', '--no-lint', '--config', path.join(ROOT, 'templates'), '--out', path.join(ROOT, 'out')], ctx);
    expect({ code, err: ctx.err().replace(/^warning: .*--no-lint.*\n/m, '') }).toEqual({ code: 0, err: '' });
  });
});
