/** A script cloud-init will run: it starts with `#!` and bash can parse it (`bash -n`). */
import { spawnSync } from 'child_process';
import { Violation, violation } from './violations';

/** bash's own syntax errors for `script`, one line each (empty when it parses). */
export function bashSyntaxErrors(script: string): string[] {
  const r = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
  if (r.error) throw new Error(`cannot run bash -n: ${r.error.message}`);
  if (r.status === 0) return [];
  const lines = r.stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.length ? lines.map((l) => l.replace(/^bash: /, '')) : [`bash -n exited ${r.status}`];
}

export function checkShellScript(script: string, at: string): Violation[] {
  const out: Violation[] = [];
  if (!script.startsWith('#!')) {
    out.push(violation('cloud-init', 'not-run', at, 'does not start with #!: cloud-init cannot execute it'));
  }
  const errors = bashSyntaxErrors(script);
  if (errors.length) out.push(violation('bash', 'syntax', at, `does not parse: ${errors.join('; ')}`));
  return out;
}
