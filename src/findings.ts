/**
 * Findings: every problem a run reports — config problems (with their JSON pointer) and cfn-lint
 * findings (with file and line) — in one shape, for text, `--format json` and `--sarif`.
 */
import { LintFinding } from './lint/cfn-lint';
import { positionOf } from './json-position';
import { Problem } from './problems';

export type FindingLevel = 'error' | 'warning' | 'note';

export interface Finding {
  /** Who found it: eksng's own checks, or cfn-lint. */
  readonly tool: 'eksng' | 'cfn-lint';
  readonly level: FindingLevel;
  /** eksng problem code (`rule.size-order`) or cfn-lint rule id (`E3012`). */
  readonly ruleId: string;
  /** A short name of the rule, when the tool gives one. */
  readonly ruleName: string | null;
  readonly message: string;
  /** The file as the user names it. */
  readonly file: string;
  /** JSON pointer into a config, or the path inside a template. */
  readonly pointer: string | null;
  readonly line: number | null;
  readonly column: number | null;
}

/** Config (or other JSON input) problems; `source` gives line numbers to pointers. */
export function problemFindings(file: string, problems: readonly Problem[], source: string | null): Finding[] {
  return problems.map((p) => {
    const at = source === null ? null : positionOf(source, p.pointer);
    return { tool: 'eksng', level: p.severity, ruleId: p.code, ruleName: null, message: p.message, file, pointer: p.pointer, line: at?.line ?? null, column: at?.column ?? null };
  });
}

export function lintFindings(findings: readonly LintFinding[], displayName: (file: string) => string): Finding[] {
  return findings.map((f) => ({
    tool: 'cfn-lint',
    level: f.level === 'Error' ? 'error' : f.level === 'Warning' ? 'warning' : 'note',
    ruleId: f.ruleId,
    ruleName: f.ruleName || null,
    message: f.message,
    file: displayName(f.file),
    pointer: f.path || null,
    line: f.line || null,
    column: f.column || null,
  }));
}

/** One line of text: `file#/pointer: message` for eksng, `file:line:col: RULE [Level] message (path)` for cfn-lint. */
export function formatFinding(f: Finding): string {
  const prefix = f.level === 'error' ? '' : `${f.level}: `;
  if (f.tool === 'eksng') return `${prefix}${f.file}${f.pointer ? `#${f.pointer}` : ''}: ${f.message}`;
  const level = f.level === 'error' ? 'Error' : f.level === 'warning' ? 'Warning' : 'Informational';
  return `${prefix}${f.file}:${f.line ?? 0}:${f.column ?? 0}: ${f.ruleId} [${level}] ${f.message}${f.pointer ? ` (${f.pointer})` : ''}`;
}
