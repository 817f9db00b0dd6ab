/**
 * The cfn-lint adapter: one process for all templates of a run (cfn-lint's ~1.4 s start-up is
 * paid once), JSON output read as data. Exit status is a bit set: 2 error, 4 warning,
 * 8 informational; 1 (or anything else) means cfn-lint itself failed.
 */
import { ToolError } from '../errors';
import { Finding } from '../findings';
import { ProcessRunner } from '../process';

export const CFN_LINT = 'cfn-lint';
export const CFN_LINT_INSTALL_HINT = 'pip install cfn-lint';

export function cfnLintMissing(): ToolError {
  return new ToolError(`cfn-lint is not installed (or not on PATH); install it with: ${CFN_LINT_INSTALL_HINT} (or run with --no-lint to skip template linting)`);
}

export type LintLevel = 'Error' | 'Warning' | 'Informational';

export interface LintFinding {
  readonly ruleId: string;
  readonly level: LintLevel;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Path inside the template, e.g. Resources/NodeGroup/Properties/MaxSize. */
  readonly path: string;
  /** The rule's short description, e.g. "Basic CloudFormation Template Configuration". */
  readonly ruleName: string;
}

interface RawFinding {
  Rule?: { Id?: string; ShortDescription?: string };
  Level?: string;
  Message?: string;
  Filename?: string;
  Location?: { Start?: { LineNumber?: number; ColumnNumber?: number }; Path?: unknown[] };
}

const FINDING_BITS = 2 | 4 | 8;

export async function runCfnLint(files: readonly string[], regions: readonly string[], run: ProcessRunner): Promise<LintFinding[]> {
  if (files.length === 0) return [];
  // Files after `--`: --regions takes several values and would swallow them otherwise.
  const result = await run(CFN_LINT, ['--format', 'json', '--regions', ...regions, '--', ...files]);
  if (result.spawnError) {
    if (result.spawnError.code === 'ENOENT') throw cfnLintMissing();
    throw new ToolError(`cfn-lint could not be started: ${result.spawnError.message}`);
  }
  const code = result.code;
  if (code === null || code === 1 || (code & ~FINDING_BITS) !== 0) {
    throw new ToolError(`cfn-lint failed (exit status ${code ?? 'signal'}): ${firstLines(result.stderr || result.stdout)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(result.stdout || '[]');
  } catch {
    throw new ToolError(`cfn-lint printed output that is not JSON: ${firstLines(result.stdout)}`);
  }
  if (!Array.isArray(raw)) throw new ToolError(`cfn-lint printed unexpected JSON: ${firstLines(result.stdout)}`);
  if (code !== 0 && raw.length === 0) throw new ToolError(`cfn-lint exited with ${code} but reported no findings: ${firstLines(result.stderr)}`);
  return (raw as RawFinding[]).map(toFinding);
}

function toFinding(r: RawFinding): LintFinding {
  const level: LintLevel = r.Level === 'Error' || r.Level === 'Warning' ? r.Level : 'Informational';
  return {
    ruleId: r.Rule?.Id ?? '?',
    level,
    message: r.Message ?? '',
    file: r.Filename ?? '?',
    line: r.Location?.Start?.LineNumber ?? 0,
    column: r.Location?.Start?.ColumnNumber ?? 0,
    path: (r.Location?.Path ?? []).map(String).join('/'),
    ruleName: r.Rule?.ShortDescription ?? '',
  };
}

/**
 * cfn-lint warnings that mean the stack deploys but fails at run time, so eksng treats them as
 * errors: an instance type cfn-lint does not know in the region (W1030 on an InstanceType) — the
 * Auto Scaling group would never launch a node. The list of allowed values is dropped from the
 * message: it runs to thousands of characters.
 */
function promoted(f: LintFinding): LintFinding {
  const resolvedAt = /when 'Ref' is resolved at '([^']*)'/.exec(f.message)?.[1];
  if (f.ruleId === 'W1030' && /(^|\/)InstanceType$/.test(resolvedAt ?? f.path)) {
    const param = /^Parameters\/([^/]+)\/Default$/.exec(f.path)?.[1];
    const value = param ? `the default of parameter ${param}` : (/^('[^']*'|\S+) is not one of/.exec(f.message)?.[1] ?? 'the value');
    return {
      ...f,
      level: 'Error',
      message: `${value} is not an EC2 instance type cfn-lint knows in the region (rule W1030, an error for eksng: no node would ever launch); check the name, or upgrade cfn-lint if the type is newer than it (pip install -U cfn-lint)`,
    };
  }
  return f;
}

/** cfn-lint's findings in the one shape of findings; `displayName` names the staged file as the user knows it. */
export function lintFindings(findings: readonly LintFinding[], displayName: (file: string) => string): Finding[] {
  return findings.map(promoted).map((f) => ({
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

function firstLines(text: string): string {
  return text.trim().split('\n').slice(0, 5).join('\n') || '(no output)';
}
