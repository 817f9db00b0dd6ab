/** The adapter with a fake runner: exit-status bits, missing tool, crashes. The real tool runs in examples.test.ts. */
import { ToolError } from '../../src/errors';
import { runCfnLint } from '../../src/lint/cfn-lint';
import { captureContext, enoent } from '../helpers';

const finding = (level: string) => ({ Rule: { Id: level === 'Error' ? 'E3012' : 'W2001' }, Level: level, Message: 'msg', Filename: 'a.yaml', Location: { Start: { LineNumber: 7, ColumnNumber: 3 }, Path: ['Resources', 'X'] } });

describe('runCfnLint', () => {
  it('lints all files in one process, files after -- so --regions cannot swallow them', async () => {
    const ctx = captureContext(() => ({ code: 0, stdout: '[]' }));
    expect(await runCfnLint(['a.yaml', 'b.yaml'], ['us-east-1'], ctx.run)).toEqual([]);
    expect(ctx.calls).toEqual([{ command: 'cfn-lint', args: ['--format', 'json', '--regions', 'us-east-1', '--', 'a.yaml', 'b.yaml'] }]);
  });

  it('reads findings on exit statuses 2, 4, 8 and their combinations', async () => {
    for (const [code, levels] of [[2, ['Error']], [4, ['Warning']], [6, ['Error', 'Warning']], [8, ['Informational']]] as const) {
      const ctx = captureContext(() => ({ code, stdout: JSON.stringify(levels.map(finding)) }));
      const found = await runCfnLint(['a.yaml'], ['us-east-1'], ctx.run);
      expect(found.map((f) => f.level)).toEqual(levels);
      expect(found[0]).toMatchObject({ file: 'a.yaml', line: 7, column: 3, path: 'Resources/X' });
    }
  });

  it('reports a missing cfn-lint as a tool error with the install command', async () => {
    const ctx = captureContext(() => ({ code: null, spawnError: enoent() }));
    await expect(runCfnLint(['a.yaml'], ['us-east-1'], ctx.run)).rejects.toBeInstanceOf(ToolError);
    await expect(runCfnLint(['a.yaml'], ['us-east-1'], ctx.run)).rejects.toThrow(/pip install cfn-lint/);
  });

  it.each([
    ['exit 1 (crash)', { code: 1, stderr: 'Traceback …' }],
    ['a signal', { code: null }],
    ['unknown bits', { code: 16, stdout: '[]' }],
    ['output that is not JSON', { code: 2, stdout: 'oops' }],
    ['findings bits without findings', { code: 2, stdout: '[]' }],
  ])('treats %s as a tool failure', async (_, result) => {
    const ctx = captureContext(() => result);
    await expect(runCfnLint(['a.yaml'], ['us-east-1'], ctx.run)).rejects.toBeInstanceOf(ToolError);
  });

  it('does not start cfn-lint for no files', async () => {
    const ctx = captureContext();
    expect(await runCfnLint([], ['us-east-1'], ctx.run)).toEqual([]);
    expect(ctx.calls).toEqual([]);
  });
});
