/** Parallel cfn-lint (issue 22): how many processes, balanced shares, and output that does not depend on the split. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli';
import { ExitCode } from '../../src/errors';
import { jobsFor, MAX_JOBS, MIN_TEMPLATES_PER_JOB, shares } from '../../src/lint/parallel';
import { aConfig, captureContext, REAL } from '../helpers';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'eksng-jobs-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('how many cfn-lint processes', () => {
  it('one for small runs, then one per share of MIN_TEMPLATES_PER_JOB templates, up to the CPUs and MAX_JOBS', () => {
    expect(jobsFor(1, null, 2)).toBe(1);
    expect(jobsFor(MIN_TEMPLATES_PER_JOB * 2 - 1, null, 16)).toBe(1);
    expect(jobsFor(MIN_TEMPLATES_PER_JOB * 2, null, 16)).toBe(2);
    expect(jobsFor(1000, null, 2)).toBe(2);
    expect(jobsFor(1000, null, 64)).toBe(MAX_JOBS);
    // --jobs wins, but never more processes than templates.
    expect(jobsFor(1000, 1, 64)).toBe(1);
    expect(jobsFor(3, 8, 64)).toBe(3);
  });

  it('splits into shares of about equal size, the same way every time', () => {
    const items = [50, 10, 40, 30, 20, 60].map((size, i) => ({ size, name: `t${i}` }));
    const s = shares(items, 3);
    expect(s.map((b) => b.reduce((n, x) => n + x.size, 0))).toEqual([70, 70, 70]);
    expect(shares(items, 3)).toEqual(s);
    expect(shares(items, 10)).toHaveLength(6);
  });
});

describe('--jobs', () => {
  /** A fake cfn-lint that reports one warning per template, in the reverse of the order it was given them. */
  const fakeLint = (command: string, args: readonly string[]) => {
    if (command !== 'cfn-lint') return { code: 0, stdout: '' };
    if (args.includes('--version')) return { code: 0, stdout: 'cfn-lint 1.51.0' };
    const files = args.slice(args.indexOf('--') + 1).reverse();
    const findings = files.flatMap((f) => [
      { Rule: { Id: 'W3005', ShortDescription: 'x' }, Level: 'Warning', Message: `second ${path.basename(f)}`, Filename: f, Location: { Start: { LineNumber: 9, ColumnNumber: 1 }, Path: ['Resources'] } },
      { Rule: { Id: 'W2001', ShortDescription: 'y' }, Level: 'Warning', Message: `first ${path.basename(f)}`, Filename: f, Location: { Start: { LineNumber: 3, ColumnNumber: 1 }, Path: ['Parameters'] } },
    ]);
    return { code: 4, stdout: JSON.stringify(findings) };
  };

  async function run(jobs: string, respond: Parameters<typeof captureContext>[0]) {
    const configFile = path.join(dir, 'nodegroup.json');
    writeFileSync(configFile, JSON.stringify(aConfig({ nodeGroups: Array.from({ length: 12 }, (_, i) => ({ name: `ng-${String(i).padStart(2, '0')}` })) })));
    const out = path.join(dir, `out-${jobs}`);
    const ctx = captureContext(respond);
    const code = await main(['generate', '--no-lint-cache', '--jobs', jobs, '--config', configFile, '--out', out], ctx);
    const files = Object.fromEntries(readdirSync(out).sort().map((f) => [f, readFileSync(path.join(out, f), 'utf8')]));
    return { code, ctx, files, err: ctx.err().split(`out-${jobs}`).join('out'), lintCalls: ctx.calls.filter((c) => c.command === 'cfn-lint' && !c.args.includes('--version')) };
  }

  it('gives byte-identical files and findings with 1 process and with several, in the run\'s file order', async () => {
    const one = await run('1', fakeLint);
    const three = await run('3', fakeLint);
    expect([one.lintCalls.length, three.lintCalls.length]).toEqual([1, 3]);
    expect(three.lintCalls.map((c) => c.args.slice(c.args.indexOf('--') + 1).length)).toEqual([4, 4, 4]);
    expect(three.files).toEqual(one.files);
    expect(three.err).toBe(one.err);
    // The findings in file order, and within a file by line: not in the order cfn-lint printed them.
    const lines = one.err.split('\n').filter((l) => l.startsWith('warning:'));
    expect(lines.slice(0, 3).map((l) => l.replace(/^.*nodegroup-(ng-\d+)\.yaml:(\d+).*$/, '$1:$2'))).toEqual(['ng-00:3', 'ng-00:9', 'ng-01:3']);
  });

  it('gives the same bytes from the real cfn-lint with 1 and 2 processes', async () => {
    const one = await run('1', REAL);
    const two = await run('2', REAL);
    expect([one.code, two.code]).toEqual([ExitCode.ok, ExitCode.ok]);
    expect(two.lintCalls).toHaveLength(2);
    expect(two.files).toEqual(one.files);
    expect(two.err).toBe(one.err);
  }, 60_000);

  it('refuses a number of processes that is not a whole number of 1 or more', async () => {
    const ctx = captureContext();
    expect(await main(['generate', '--jobs', '0', '--config', path.join(dir, 'none.json')], ctx)).toBe(ExitCode.usage);
    expect(ctx.err()).toContain('--jobs must be a whole number of processes, 1 or more, got 0');
  });
});
