/**
 * The lint cache: a run whose templates are byte-identical to an earlier one, with the same
 * cfn-lint installation, version, options and config files, does not start cfn-lint; any change
 * lints again. cfn-lint here is a fake installation (a Python-style script and its dist-info), so
 * its version can be changed; the runner is fake and counts its calls.
 */
import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli';
import { ExitCode } from '../../src/errors';
import { identifyCfnLint } from '../../src/lint/identity';
import { fileProbe } from '../../src/io';
import { aConfig, captureContext } from '../helpers';

let dir: string;
let env: NodeJS.ProcessEnv;
let cfnLintCalls: Array<readonly string[]>;

/** A pip-style installation of cfn-lint <version>: bin/cfn-lint with a python shebang, and its dist-info. */
function install(root: string, version: string): void {
  mkdirSync(path.join(root, 'bin'), { recursive: true });
  writeFileSync(path.join(root, 'bin', 'cfn-lint'), `#!${path.join(root, 'bin', 'python')}\nimport sys\n`);
  chmodSync(path.join(root, 'bin', 'cfn-lint'), 0o755);
  const info = path.join(root, 'lib', 'python3.11', 'site-packages', `cfn_lint-${version}.dist-info`);
  mkdirSync(info, { recursive: true });
  writeFileSync(path.join(info, 'RECORD'), `cfnlint/__init__.py,,\n# ${version}\n`);
}

const respond = (_: string, args: readonly string[]) => {
  cfnLintCalls.push(args);
  return { code: 0, stdout: '[]' };
};

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'eksng-cache-'));
  install(path.join(dir, 'venv'), '1.51.0');
  env = { PATH: path.join(dir, 'venv', 'bin'), XDG_CACHE_HOME: path.join(dir, 'cache'), HOME: path.join(dir, 'home') };
  cfnLintCalls = [];
  writeFileSync(path.join(dir, 'a.json'), JSON.stringify(aConfig()));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const generate = async (...extra: string[]) => {
  const ctx = captureContext(respond, env);
  const code = await main(['generate', '--config', path.join(dir, 'a.json'), '--out', path.join(dir, 'out'), ...extra], ctx);
  expect({ code, err: ctx.err() }).toEqual({ code: ExitCode.ok, err: '' });
  return ctx;
};

describe('lint cache', () => {
  it('skips cfn-lint on a second run with nothing changed, and keeps it in $XDG_CACHE_HOME/eksng', async () => {
    await generate();
    await generate();
    expect(cfnLintCalls).toHaveLength(1);
    expect(require('fs').readdirSync(path.join(dir, 'cache', 'eksng', 'lint-v1')).length).toBe(1);
  });

  it('lints again when a template changes', async () => {
    await generate();
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify(aConfig({ nodeGroup: { maxSize: 9 } })));
    await generate();
    expect(cfnLintCalls).toHaveLength(2);
  });

  it('lints again with another cfn-lint version', async () => {
    await generate();
    renameSync(path.join(dir, 'venv/lib/python3.11/site-packages/cfn_lint-1.51.0.dist-info'), path.join(dir, 'venv/lib/python3.11/site-packages/cfn_lint-1.52.0.dist-info'));
    await generate();
    expect(cfnLintCalls).toHaveLength(2);
  });

  it('lints again when the same version is reinstalled (its RECORD changes)', async () => {
    await generate();
    writeFileSync(path.join(dir, 'venv/lib/python3.11/site-packages/cfn_lint-1.51.0.dist-info/RECORD'), 'reinstalled, other files\n');
    await generate();
    expect(cfnLintCalls).toHaveLength(2);
  });

  it('lints again with other options (regions) or another .cfnlintrc', async () => {
    await generate();
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify(aConfig({ cluster: { region: 'eu-west-1' } })));
    await generate();
    mkdirSync(path.join(dir, 'home'));
    writeFileSync(path.join(dir, 'home', '.cfnlintrc'), 'ignore_checks: [W3005]\n');
    await generate();
    expect(cfnLintCalls.map((args) => args[args.indexOf('--regions') + 1])).toEqual(['us-east-1', 'eu-west-1', 'eu-west-1']);
  });

  it('treats a damaged entry as a miss', async () => {
    await generate();
    const entries = path.join(dir, 'cache', 'eksng', 'lint-v1');
    for (const f of require('fs').readdirSync(entries)) writeFileSync(path.join(entries, f), '{not json');
    await generate();
    expect(cfnLintCalls).toHaveLength(2);
  });

  it('is bypassed with --no-lint-cache', async () => {
    await generate();
    await generate('--no-lint-cache');
    expect(cfnLintCalls).toHaveLength(2);
  });

  it('replays cached warnings, and lints only templates that missed', async () => {
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify(aConfig({ nodeGroups: [{ name: 'x' }, { name: 'y' }] })));
    const warn = (_: string, args: readonly string[]) => {
      cfnLintCalls.push(args);
      const files = args.slice(args.indexOf('--') + 1);
      return { code: 4, stdout: JSON.stringify(files.map((f) => ({ Rule: { Id: 'W9999' }, Level: 'Warning', Message: 'fake', Filename: f, Location: { Start: { LineNumber: 1, ColumnNumber: 1 } } }))) };
    };
    const run = async () => {
      const ctx = captureContext(warn, env);
      expect(await main(['generate', '--config', path.join(dir, 'a.json'), '--out', path.join(dir, 'out')], ctx)).toBe(ExitCode.ok);
      return ctx.err();
    };
    const first = await run();
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify(aConfig({ nodeGroups: [{ name: 'x' }, { name: 'y', maxSize: 7 }] })));
    const second = await run();
    expect(second).toBe(first);
    expect(cfnLintCalls.map((args) => args.slice(args.indexOf('--') + 1).map((f) => path.basename(f)))).toEqual([['nodegroup-x.yaml', 'nodegroup-y.yaml'], ['nodegroup-y.yaml']]);
  });
});

describe('identifyCfnLint', () => {
  it('reads the version of a pip installation from its dist-info, without running it', () => {
    expect(identifyCfnLint(env, dir, fileProbe)).toEqual({ version: '1.51.0', fingerprint: expect.stringContaining('cfn_lint-1.51.0.dist-info') });
  });

  it('follows a pyenv shim to the selected version (PYENV_VERSION, .python-version, then the global version)', () => {
    const root = path.join(dir, 'pyenv');
    mkdirSync(path.join(root, 'shims'), { recursive: true });
    writeFileSync(path.join(root, 'shims', 'cfn-lint'), `#!/usr/bin/env bash\nset -e\nexport PYENV_ROOT="${root}"\nexec "${root}/libexec/pyenv" exec "$program" "$@"\n`);
    chmodSync(path.join(root, 'shims', 'cfn-lint'), 0o755);
    install(path.join(root, 'versions', '3.11.7'), '1.40.0');
    install(path.join(root, 'versions', '3.12.1'), '1.45.0');
    writeFileSync(path.join(root, 'version'), '3.11.7\n');
    const shimEnv = { PATH: path.join(root, 'shims') };
    const project = path.join(dir, 'project');
    mkdirSync(project);
    expect(identifyCfnLint(shimEnv, project, fileProbe)?.version).toBe('1.40.0');
    writeFileSync(path.join(project, '.python-version'), '3.12.1\n');
    expect(identifyCfnLint(shimEnv, project, fileProbe)?.version).toBe('1.45.0');
    expect(identifyCfnLint({ ...shimEnv, PYENV_VERSION: '3.11.7' }, project, fileProbe)?.version).toBe('1.40.0');
    expect(identifyCfnLint({ ...shimEnv, PYENV_VERSION: 'system' }, project, fileProbe)).toBeNull();
  });

  it('gives null for an installation it does not understand, and when cfn-lint is missing', () => {
    writeFileSync(path.join(dir, 'venv', 'bin', 'cfn-lint'), '\x7fELF binary');
    expect(identifyCfnLint(env, dir, fileProbe)).toBeNull();
    expect(identifyCfnLint({ PATH: path.join(dir, 'nowhere') }, dir, fileProbe)).toBeNull();
  });

  it('identifies the cfn-lint installed on this machine (when there is one)', () => {
    const real = identifyCfnLint(process.env, process.cwd(), fileProbe);
    if (real !== null) expect(real.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('a cfn-lint the cache cannot identify', () => {
  it('asks cfn-lint --version for the key, then still caches', async () => {
    writeFileSync(path.join(dir, 'venv', 'bin', 'cfn-lint'), '#!/bin/sh\n');
    const calls: Array<readonly string[]> = [];
    const ctx = () =>
      captureContext((_, args) => {
        calls.push(args);
        return args[0] === '--version' ? { code: 0, stdout: 'cfn-lint 1.51.0\n' } : { code: 0, stdout: '[]' };
      }, env);
    for (let i = 0; i < 2; i++) expect(await main(['generate', '--config', path.join(dir, 'a.json'), '--out', path.join(dir, 'out')], ctx())).toBe(ExitCode.ok);
    expect(calls.map((a) => a[0])).toEqual(['--version', '--format', '--version']);
  });
});
