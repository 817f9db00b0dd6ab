/**
 * The command line: yargs declarations and the single place where errors become exit codes.
 * No I/O at import time; `main` is called by bin/eksng.js.
 */
import yargs from 'yargs';
import { EksngError, ExitCode } from './errors';
import { auth } from './commands/auth';
import { CommandContext, processContext, println } from './commands/context';
import { generate } from './commands/generate';
import { init } from './commands/init';
import { validate } from './commands/validate';

const configOption = { alias: 'c', type: 'string', requiresArg: true, default: 'nodegroup.json', describe: 'The JSON config file', normalize: true } as const;
const lintOption = { type: 'boolean', default: true, describe: 'Lint templates with cfn-lint (--no-lint skips it, with a warning)' } as const;
const outOption = { alias: 'o', type: 'string', requiresArg: true, default: 'out', describe: 'Output directory', normalize: true } as const;

export async function main(argv: readonly string[], ctx: CommandContext = processContext()): Promise<ExitCode> {
  let usageFailure: string | null = null;
  let action: (() => Promise<void>) | null = null;
  const parser = yargs([...argv])
    .scriptName('eksng')
    .usage('$0 <command> [options]\n\nGenerate validated CloudFormation templates and the aws-auth ConfigMap for self-managed EKS node groups.')
    .command('init', 'Write a starter config to fill in', (y) => y.option('config', configOption).option('force', { type: 'boolean', default: false, describe: 'Overwrite an existing file' }), (a) => {
      action = () => init({ config: a.config, force: a.force }, ctx);
    })
    .command('generate', 'Validate the config and write templates, parameter files and aws-auth-cm.yaml', (y) => y.option('config', configOption).option('out', outOption).option('lint', lintOption), (a) => {
      action = () => generate({ config: a.config, out: a.out, lint: a.lint }, ctx);
    })
    .command('validate', 'Run every check of generate and write nothing', (y) => y.option('config', configOption).option('lint', lintOption), (a) => {
      action = () => validate({ config: a.config, lint: a.lint }, ctx);
    })
    .command('auth', 'Write aws-auth-cm.yaml mapping the node roles', (y) =>
      y
        .option('config', configOption)
        .option('out', outOption)
        .option('role-arn', { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: '<nodegroup>=<role ARN>, repeatable' })
        .option('stack-outputs', { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: 'JSON of aws cloudformation describe-stacks --output json, repeatable' })
        .option('merge-with', { type: 'string', requiresArg: true, describe: 'The cluster\'s current ConfigMap (kubectl get configmap aws-auth -n kube-system -o yaml); every entry is kept' })
        .option('remove', { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: 'Remove this node group\'s entry (unless another node group uses the role), repeatable' }), (a) => {
      action = () => auth({ config: a.config, out: a.out, roleArn: a['role-arn'], stackOutputs: a['stack-outputs'], mergeWith: a['merge-with'] ?? null, remove: a.remove }, ctx);
    })
    .demandCommand(1, 'Give a command: init, generate, validate or auth')
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
  try {
    await (action as () => Promise<void>)();
    return ExitCode.ok;
  } catch (e) {
    if (e instanceof EksngError) {
      for (const line of e.lines()) println(ctx.stderr, line);
      return e.exitCode;
    }
    // Not one of ours: a bug or an unexpected system error. One line, no stack trace, unless asked.
    const message = e instanceof Error ? e.message : String(e);
    println(ctx.stderr, `eksng: unexpected error: ${message}`);
    if (process.env.EKSNG_DEBUG) println(ctx.stderr, e instanceof Error && e.stack ? e.stack : '');
    return ExitCode.tool;
  }
}
