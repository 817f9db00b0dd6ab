/**
 * The package as users get it (issue 21, item 1): `npm pack` of this repository, unpacked into an
 * empty prefix's node_modules as npm would, then `eksng` run through its bin link from an empty
 * directory: --version, init, generate. Tests reach no network, and `npm install` of a tarball needs
 * the registry's metadata even offline, so the tarball's dependencies are linked from this
 * repository's node_modules (the versions package-lock.json pins): what is tested is that the
 * package itself holds everything it runs.
 */
import { execFileSync, spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
let work: string;
beforeAll(() => (work = mkdtempSync(path.join(os.tmpdir(), 'eksng-package-'))));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });

describe('the packed package', () => {
  let tarball: string;
  let prefix: string;

  beforeAll(() => {
    // npm test built dist/ already; prepack (npm run build) is what makes a plain `npm pack` work.
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.prepack).toBe('npm run build');
    expect(pkg.scripts.prepare).toBe('npm run build');
    const name = npm(['pack', '--ignore-scripts', '--pack-destination', work], ROOT).trim().split('\n').pop()!;
    tarball = path.join(work, name);
    prefix = path.join(work, 'prefix');
    const modules = path.join(prefix, 'node_modules');
    mkdirSync(path.join(modules, '.bin'), { recursive: true });
    execFileSync('tar', ['xzf', tarball, '-C', modules]);
    renameSync(path.join(modules, 'package'), path.join(modules, pkg.name));
    for (const dep of Object.keys(pkg.dependencies)) {
      mkdirSync(path.dirname(path.join(modules, dep)), { recursive: true });
      symlinkSync(path.join(ROOT, 'node_modules', dep), path.join(modules, dep));
    }
    // The bin link npm makes from package.json's "bin".
    for (const [command, file] of Object.entries<string>(pkg.bin)) {
      symlinkSync(path.join('..', pkg.name, file), path.join(modules, '.bin', command));
      chmodSync(path.join(modules, pkg.name, file), 0o755);
    }
  }, 180_000);

  it('holds what runs and nothing else: no tests, no sources, no bench', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(files).toContain('package/dist/src/cli.js');
    expect(files).toContain('package/bin/eksng.js');
    expect(files).toContain('package/schema/nodegroup.schema.json');
    expect(files).toContain('package/dist/src/termination/nth.json');
    // Loaded on first use, not imported: the build copies it (package.json "build").
    expect(files).toContain('package/dist/src/capacity/instance-types.json');
    expect(files.filter((f) => /^package\/(test|src|bench|dist\/bench)\//.test(f))).toEqual([]);
  });

  it('runs from an empty directory: --version, init, and generate on what init wrote once filled in', () => {
    const bin = path.join(prefix, 'node_modules', '.bin', 'eksng');
    const empty = path.join(work, 'empty');
    execFileSync('mkdir', ['-p', empty]);
    const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    expect(execFileSync(bin, ['--version'], { cwd: empty, encoding: 'utf8' }).trim()).toBe(version);
    execFileSync(bin, ['init'], { cwd: empty, encoding: 'utf8' });
    expect(existsSync(path.join(empty, 'nodegroup.json'))).toBe(true);
    // The bundled minimal example stands in for a filled-in config; generate then writes its files.
    const config = path.join(prefix, 'node_modules', 'eks-nodegroup-gen', 'templates', 'minimal.json');
    const r = spawnSync(bin, ['generate', '--no-lint', '--config', config, '--out', 'out'], { cwd: empty, encoding: 'utf8' });
    expect({ status: r.status, stderr: r.stderr.replace(/^warning: .*--no-lint.*\n/m, '') }).toEqual({ status: 0, stderr: '' });
    expect(readdirSync(path.join(empty, 'out')).sort()).toEqual(['nodegroup-ng-1.md', 'nodegroup-ng-1.overrides.json', 'nodegroup-ng-1.parameters.json', 'nodegroup-ng-1.yaml']);
    // An EFA group reads the instance-type data the package carries.
    const ml = path.join(prefix, 'node_modules', 'eks-nodegroup-gen', 'templates', 'ml-training.json');
    const efa = spawnSync(bin, ['generate', '--no-lint', '--config', ml, '--out', 'ml'], { cwd: empty, encoding: 'utf8' });
    expect({ status: efa.status, stderr: efa.stderr.replace(/^warning: .*--no-lint.*\n/m, '') }).toEqual({ status: 0, stderr: '' });
    expect(readFileSync(path.join(empty, 'ml', 'nodegroup-training.yaml'), 'utf8')).toContain('InterfaceType: efa-only');
  }, 60_000);
});
