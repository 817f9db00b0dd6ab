/**
 * The command line: yargs declarations and the single place where errors become exit codes.
 * No I/O at import time; `main` is called by bin/eksng.js.
 */
import * as path from 'path';
import yargs from 'yargs';
import { EksngError, ExitCode } from './errors';
import { Finding } from './findings';
import { writeFileAtomic } from './io';
import { renderJson } from './render';
import { version } from '../package.json';
import { CommandContext, processContext, println } from './commands/context';

const configOption = { alias: 'c', type: 'string', requiresArg: true, default: 'nodegroup.json', describe: 'The JSON config file', normalize: true } as const;
const configsOption = {
  alias: 'c',
  type: 'string',
  requiresArg: true,
  default: 'nodegroup.json',
  describe: 'JSON config file, or a directory of them; repeatable (one cfn-lint run for all; each config writes to <out>/<config name>/)',
} as const;

/**
 * A repeated string option arrives as an array (yargs' duplicate-arguments-array). `array: true`
 * would also swallow the arguments after it, and `coerce` crashes yargs 17 on repeats, so the
 * list is made here.
 */
function list(value: string | readonly string[]): string[] {
  return (typeof value === 'string' ? [value] : [...value]).map((v) => path.normalize(v));
}
const formatOption = { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'text, or json: every finding as one JSON document on stdout' };
const sarifOption = { type: 'string', requiresArg: true, describe: 'Also write every finding (config and cfn-lint) to this file as SARIF 2.1.0' } as const;
const lintCacheOption = { type: 'boolean', default: true, describe: 'Reuse cfn-lint results of byte-identical templates ($XDG_CACHE_HOME/eksng)' } as const;
const lintOption = { type: 'boolean', default: true, describe: 'Lint templates with cfn-lint (--no-lint skips it, with a warning)' } as const;
const outOption = { alias: 'o', type: 'string', requiresArg: true, default: 'out', describe: 'Output directory', normalize: true } as const;

// Command modules are loaded when their command runs (`await import`), so a run loads only what it uses.
export async function main(argv: readonly string[], ctx: CommandContext = processContext()): Promise<ExitCode> {
  let usageFailure: string | null = null;
  let action: ((run: CommandContext) => Promise<void>) | null = null;
  let output: OutputChoice = { format: 'text', sarif: null };
  const parser = yargs([...argv])
    .scriptName('eksng')
    .usage('$0 <command> [options]\n\nGenerate validated CloudFormation templates and the aws-auth ConfigMap for self-managed EKS node groups.')
    .command('init', 'Write a starter config to fill in', (y) => y.option('config', configOption).option('force', { type: 'boolean', default: false, describe: 'Overwrite an existing file' }), (a) => {
      action = async (run) => (await import('./commands/init')).init({ config: a.config, force: a.force }, run);
    })
    .command('generate', 'Validate the config(s) and write templates, parameter files and aws-auth-cm.yaml', (y) =>
      y
        .option('config', configsOption)
        .option('out', outOption)
        .option('lint', lintOption)
        .option('lint-cache', lintCacheOption)
        .option('check', { type: 'boolean', default: false, describe: 'Write nothing; exit 1 listing the files when --out differs from what the config generates (stale, edited or missing)' })
        .option('cluster-outputs', { type: 'string', requiresArg: true, describe: 'JSON of aws cloudformation describe-stacks of the cluster stack (eksng cluster): fills vpcId, subnetIds, controlPlaneSecurityGroupId, endpoint, CA, service CIDR the config lacks' })
        .option('format', formatOption)
        .option('sarif', sarifOption), (a) => {
      output = { format: a.format, sarif: a.sarif ?? null };
      action = async (run) => (await import('./commands/generate')).generate({ config: list(a.config), out: a.out, lint: a.lint, lintCache: a['lint-cache'], check: a.check, clusterOutputs: a['cluster-outputs'] ?? null }, run);
    })
    .command('cluster', 'Write the cluster stack template: VPC, subnets, control-plane security group, cluster role (and with cluster.create the EKS cluster)', (y) =>
      y.option('config', configOption).option('out', outOption).option('lint', lintOption).option('lint-cache', lintCacheOption).option('format', formatOption).option('sarif', sarifOption), (a) => {
      output = { format: a.format, sarif: a.sarif ?? null };
      action = async (run) => (await import('./commands/cluster')).cluster({ config: a.config, out: a.out, lint: a.lint, lintCache: a['lint-cache'] }, run);
    })
    .command('validate', 'Run every check of generate and write nothing', (y) => y.option('config', configsOption).option('lint', lintOption).option('lint-cache', lintCacheOption).option('format', formatOption).option('sarif', sarifOption), (a) => {
      output = { format: a.format, sarif: a.sarif ?? null };
      action = async (run) => (await import('./commands/validate')).validate({ config: list(a.config), lint: a.lint, lintCache: a['lint-cache'] }, run);
    })
    .command('explain', 'Print a Markdown summary of each node group for reviewers (generate writes it too)', (y) => y.option('config', configsOption), (a) => {
      action = async (run) => (await import('./commands/explain')).explain({ config: list(a.config) }, run);
    })
    .command('diff', 'Semantic diff of what the config generates against committed or deployed templates', (y) =>
      y
        .option('config', configsOption)
        .option('against', { type: 'string', demandOption: true, requiresArg: true, describe: 'Output directory of an earlier generate, a template file, or the JSON of aws cloudformation get-template' })
        .option('exit-code', { type: 'boolean', default: false, describe: 'Exit 1 when there are differences' }), (a) => {
      action = async (run) => (await import('./commands/diff')).diff({ config: list(a.config), against: a.against, exitCode: a['exit-code'] }, run);
    })
    .command('auth', 'Write aws-auth-cm.yaml mapping the node roles', (y) =>
      y
        .option('config', configOption)
        .option('out', outOption)
        .option('role-arn', { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: '<nodegroup>=<role ARN>, repeatable' })
        .option('stack-outputs', { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: 'JSON of aws cloudformation describe-stacks --output json, repeatable' })
        .option('merge-with', { type: 'string', requiresArg: true, describe: 'The cluster\'s current ConfigMap (kubectl get configmap aws-auth -n kube-system -o yaml); every entry is kept' })
        .option('remove', { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: 'Remove this node group\'s entry (unless another node group uses the role), repeatable' }), (a) => {
      action = async (run) => (await import('./commands/auth')).auth({ config: a.config, out: a.out, roleArn: a['role-arn'], stackOutputs: a['stack-outputs'], mergeWith: a['merge-with'] ?? null, remove: a.remove }, run);
    })
    .demandCommand(1, 'Give a command: init, cluster, generate, validate, explain, diff or auth')
    .strict()
    .help()
    .version()
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((msg, err) => {
      usageFailure = msg ?? err?.message ?? 'invalid command line';
    });
  let helpText = '';
  await parser.parseAsync([...argv], {}, (err, _argv, output) => {
    if (err) usageFailure = usageFailure ?? err.message;
    helpText = output;
  });
  if (usageFailure !== null) {
    println(ctx.stderr, `eksng: ${usageFailure}`);
    println(ctx.stderr, 'Run eksng --help for usage.');
    return ExitCode.usage;
  }
  if (helpText) println(ctx.stdout, helpText);
  if (action === null) return ExitCode.ok;
  return runAction(action, output, ctx);
}

interface OutputChoice {
  readonly format: 'text' | 'json';
  /** Also write every finding as SARIF 2.1.0 to this file. */
  readonly sarif: string | null;
}

/**
 * Runs a command and maps what it throws to an exit code — the single place that does. Findings
 * are collected as they come: printed as text, or (with --format json) printed as one JSON
 * document on stdout at the end, while the human-readable output goes to stderr.
 */
async function runAction(action: (run: CommandContext) => Promise<void>, output: OutputChoice, ctx: CommandContext): Promise<ExitCode> {
  const json = output.format === 'json';
  const findings: Finding[] = [];
  const run: CommandContext = {
    ...ctx,
    stdout: json ? ctx.stderr : ctx.stdout,
    report: (f) => {
      findings.push(f);
      if (!json) ctx.report(f);
    },
  };
  let code: ExitCode = ExitCode.ok;
  let failure: string | null = null;
  try {
    await action(run);
  } catch (e) {
    if (e instanceof EksngError) {
      findings.push(...e.findings());
      if (!json) for (const line of e.lines()) println(ctx.stderr, line);
      failure = e.message;
      code = e.exitCode;
    } else {
      // Not one of ours: a bug or an unexpected system error. One line, no stack trace, unless asked.
      failure = `unexpected error: ${e instanceof Error ? e.message : String(e)}`;
      println(ctx.stderr, `eksng: ${failure}`);
      if (ctx.env.EKSNG_DEBUG) println(ctx.stderr, e instanceof Error && e.stack ? e.stack : '');
      code = ExitCode.tool;
    }
  }
  if (json) println(ctx.stdout, JSON.stringify({ ok: code === ExitCode.ok, exitCode: code, error: failure, findings }, null, 2));
  if (output.sarif !== null) {
    const { buildSarif } = await import('./sarif');
    try {
      await writeFileAtomic(output.sarif, renderJson(buildSarif(findings, version)));
    } catch (e) {
      println(ctx.stderr, `eksng: cannot write ${output.sarif}: ${e instanceof Error ? e.message : String(e)}`);
      if (code === ExitCode.ok) code = ExitCode.tool;
    }
  }
  return code;
}
