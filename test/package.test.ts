/**
 * The package as users get it (issue 21, item 1): `npm pack` of this repository, unpacked into an
 * empty prefix's node_modules as npm would, then `eksng` run through its bin link from an empty
 * directory: --version, init, generate. Tests reach no network, and `npm install` of a tarball needs
 * the registry's metadata even offline, so the tarball's dependencies are linked from this
 * repository's node_modules (the versions package-lock.json pins): what is tested is that the
 * package itself holds everything it runs.
 */
import { execFileSync, spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';

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
    // The editor's schema is the installed package's, which a "./node_modules/…" path would miss here.
    const schemaRef: string = JSON.parse(readFileSync(path.join(empty, 'nodegroup.json'), 'utf8')).$schema;
    expect(fileURLToPath(schemaRef)).toBe(path.join(prefix, 'node_modules', 'eks-nodegroup-gen', 'schema', 'nodegroup.schema.json'));
    expect(existsSync(fileURLToPath(schemaRef))).toBe(true);
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

  it('is a library: the README example compiles (strict, node16 resolution through "exports", library typings checked) and runs as a user\'s code would', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const example = /<!-- library-example -->\s*```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const app = path.join(prefix, 'app');
    mkdirSync(app, { recursive: true });
    writeFileSync(path.join(app, 'example.ts'), example!);
    // A user's project: its own @types/node beside the installed package (the package's typings need only it).
    symlinkSync(path.join(ROOT, 'node_modules', '@types'), path.join(prefix, 'node_modules', '@types'));
    const tsconfig = { compilerOptions: { strict: true, module: 'node16', moduleResolution: 'node16', target: 'ES2022', types: ['node'], skipLibCheck: false, outDir: 'build' }, files: ['example.ts'] };
    writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify(tsconfig));
    const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], { cwd: app, encoding: 'utf8' });
    expect({ status: tsc.status, stdout: tsc.stdout }).toEqual({ status: 0, stdout: '' });
    // The example reads nodegroup.json from where it runs: the bundled minimal example.
    const packaged = path.join(prefix, 'node_modules', 'eks-nodegroup-gen');
    writeFileSync(path.join(app, 'nodegroup.json'), readFileSync(path.join(packaged, 'templates', 'minimal.json')));
    const run = spawnSync(process.execPath, [path.join(app, 'build', 'example.js')], { cwd: app, encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/^ng-1: \d+ resources, \d+ parameters\n$/);
    // The same template generate writes (which adds only its header comment).
    const generated = execFileSync(path.join(prefix, 'node_modules', '.bin', 'eksng'), ['generate', '--no-lint', '--config', 'nodegroup.json', '--out', 'out'], { cwd: app, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(generated).toContain('wrote out/nodegroup-ng-1.yaml');
    const body = (file: string) => readFileSync(file, 'utf8').replace(/^(#.*\n)+/, '');
    expect(body(path.join(app, 'nodegroup-ng-1.yaml'))).toBe(body(path.join(app, 'out', 'nodegroup-ng-1.yaml')));
    // Only the contract is reachable: internals are not exported.
    const deep = spawnSync(process.execPath, ['-e', "require('eks-nodegroup-gen/dist/src/cli.js')"], { cwd: app, encoding: 'utf8' });
    expect(deep.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
  }, 120_000);
});
