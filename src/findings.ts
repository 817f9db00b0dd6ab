/**
 * The one channel for problems: every error, warning and note a run reports — config rules, schema
 * errors, `--check` differences, aws-auth merge warnings, size limits, a skipped lint, cfn-lint's
 * findings — is a `Finding`. Text (`formatFinding`), `--format json` and `--sarif` are formatters
 * over the same list.
 */
import { positionOf } from './json-position';
import { Problem, Severity } from './problems';

export type FindingLevel = Severity;

export interface Finding {
  /** Who found it: eksng's own checks, cfn-lint, or cfn-guard (policy rules). */
  readonly tool: 'eksng' | 'cfn-lint' | 'cfn-guard';
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

/** One of eksng's own findings about a whole file (or a place in it, by pointer). */
export function fileFinding(level: FindingLevel, ruleId: string, file: string, message: string, pointer: string | null = null): Finding {
  return { tool: 'eksng', level, ruleId, ruleName: null, message, file, pointer, line: null, column: null };
}

/** Problems of one document; `source` (its text) gives pointers a line number. */
export function problemFindings(file: string, problems: readonly Problem[], source: string | null): Finding[] {
  return problems.map((p) => {
    const at = source === null ? null : positionOf(source, p.pointer);
    return { tool: 'eksng', level: p.severity, ruleId: p.code, ruleName: null, message: p.message, file, pointer: p.pointer, line: at?.line ?? null, column: at?.column ?? null };
  });
}

/** Errors first, then warnings, then notes; stable within each level. */
export function byLevel(findings: readonly Finding[]): Finding[] {
  const rank = { error: 0, warning: 1, note: 2 } as const;
  return findings.map((f, i) => ({ f, i })).sort((a, b) => rank[a.f.level] - rank[b.f.level] || a.i - b.i).map((x) => x.f);
}

/** One line of text: `file#/pointer: message` for eksng, `file:line:col: RULE [Level] message (path)` for cfn-lint. */
export function formatFinding(f: Finding): string {
  const prefix = f.level === 'error' ? '' : `${f.level}: `;
  if (f.tool === 'eksng') return `${prefix}${f.file}${f.pointer ? `#${f.pointer}` : ''}: ${f.message}`;
  const level = f.level === 'error' ? 'Error' : f.level === 'warning' ? 'Warning' : 'Informational';
  if (f.tool === 'cfn-guard') return `${prefix}${f.file}:${f.line ?? 0}:${f.column ?? 0}: ${f.ruleId} [${level}, cfn-guard] ${f.message}${f.pointer ? ` (${f.pointer})` : ''}`;
  return `${prefix}${f.file}:${f.line ?? 0}:${f.column ?? 0}: ${f.ruleId} [${level}] ${f.message}${f.pointer ? ` (${f.pointer})` : ''}`;
}
