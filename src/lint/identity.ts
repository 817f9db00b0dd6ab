/**
 * Which cfn-lint would run, without running it: `cfn-lint --version` costs ~3 s of Python start-up,
 * as much as linting, so the lint cache would save nothing if it asked. A pip-installed cfn-lint
 * (plain, venv, pipx, Homebrew, pyenv shim) is a Python script whose interpreter's site-packages
 * hold a `cfn_lint-<version>.dist-info` directory that pip rewrites on every install or upgrade.
 * Its path, version and RECORD file identify the installation. Anything else gives null and the
 * caller asks `cfn-lint --version` instead: slower, never wrong.
 */
import * as path from 'path';

export interface FileProbe {
  isExecutable(file: string): boolean;
  /** The first bytes of a file as text, or null. */
  readHead(file: string): string | null;
  readText(file: string): string | null;
  /** Entry names, or [] when not a directory. */
  list(dir: string): string[];
  /** Size and modification time as a string, or null when missing. */
  stamp(file: string): string | null;
}

export interface CfnLintIdentity {
  readonly version: string;
  /** Changes whenever the installation changes. */
  readonly fingerprint: string;
}

export function findOnPath(command: string, env: NodeJS.ProcessEnv, probe: FileProbe): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && probe.isExecutable(path.join(dir, command))) return path.join(dir, command);
  }
  return null;
}

export function identifyCfnLint(env: NodeJS.ProcessEnv, cwd: string, probe: FileProbe): CfnLintIdentity | null {
  const exe = findOnPath('cfn-lint', env, probe);
  return exe === null ? null : identifyScript(exe, env, cwd, probe, 0);
}

function identifyScript(exe: string, env: NodeJS.ProcessEnv, cwd: string, probe: FileProbe, depth: number): CfnLintIdentity | null {
  const head = probe.readHead(exe);
  if (head === null || depth > 2) return null;
  if (/\bpyenv\b/.test(head) && /pyenv" exec/.test(head)) {
    const shimmed = pyenvTarget(exe, head, env, cwd, probe);
    return shimmed === null ? null : identifyScript(shimmed, env, cwd, probe, depth + 1);
  }
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(head);
  if (!shebang) return null;
  const interpreter = path.basename(shebang[1]) === 'env' && shebang[2] ? findOnPath(shebang[2], env, probe) : shebang[1];
  if (interpreter === null || !/python/.test(path.basename(interpreter))) return null;
  // Not realpath: a venv's python is a symlink to the base interpreter, but its packages are in the venv.
  const prefix = path.dirname(path.dirname(interpreter));
  for (const lib of ['lib', 'lib64']) {
    for (const py of probe.list(path.join(prefix, lib)).filter((d) => d.startsWith('python')).sort()) {
      const sitePackages = path.join(prefix, lib, py, 'site-packages');
      const distInfo = probe.list(sitePackages).find((d) => /^cfn_lint-.+\.dist-info$/.test(d));
      if (distInfo) {
        const record = probe.stamp(path.join(sitePackages, distInfo, 'RECORD'));
        if (record === null) return null;
        const version = distInfo.replace(/^cfn_lint-/, '').replace(/\.dist-info$/, '');
        return { version, fingerprint: `${exe}|${path.join(sitePackages, distInfo)}|${record}` };
      }
    }
  }
  return null;
}

/** The script a pyenv shim runs: `$PYENV_ROOT/versions/<version>/bin/<name>`. */
function pyenvTarget(shim: string, head: string, env: NodeJS.ProcessEnv, cwd: string, probe: FileProbe): string | null {
  const root = env.PYENV_ROOT || /PYENV_ROOT="([^"]+)"/.exec(head)?.[1] || path.dirname(path.dirname(shim));
  let version = env.PYENV_VERSION?.trim() || null;
  for (let dir = cwd; version === null; dir = path.dirname(dir)) {
    const local = probe.readText(path.join(dir, '.python-version'));
    if (local !== null) version = local.trim();
    if (dir === path.dirname(dir)) break;
  }
  version ??= probe.readText(path.join(root, 'version'))?.trim() ?? null;
  const first = version?.split(/[\s:]+/)[0];
  if (!first || first === 'system') return null;
  const target = path.join(root, 'versions', first, 'bin', path.basename(shim));
  return probe.isExecutable(target) ? target : null;
}
