/**
 * The command line: yargs declarations and the single place where errors become exit codes.
 * No I/O at import time; `main` is called by bin/eksng.js.
 */
import yargs from 'yargs';
import { EksngError, ExitCode } from './errors';
import { Finding } from './findings';
import { writeFileAtomic } from './io';
import { renderJson } from './render';
import { version } from '../package.json';
import { Action, commandOf, OutputChoice, TEXT_OUTPUT } from './commands/command';
import { complete, COMPLETIONS_FLAG, renderCompletion } from './commands/completion';
import { CommandContext, processContext, println } from './commands/context';
import { COMMANDS } from './commands';

/** `eksng --help`'s examples: the three ways the output is used. */
const EXAMPLES: ReadonlyArray<readonly [string, string]> = [
  ['$0 generate', 'Console: then Create stack → Upload a template file → out/nodegroup-<name>.yaml; its parameters come filled in from the config (the values of out/nodegroup-<name>.parameters.json)'],
  ['$0 generate --check', 'CI deploy: fail when the committed out/ is stale or edited by hand; then run the aws cloudformation deploy … --template-file out/nodegroup-<name>.yaml --parameter-overrides file://out/nodegroup-<name>.overrides.json that generate prints for each stack'],
  ['$0 diff --against deployed.json', 'PR review: what the change does to the deployed stack (aws cloudformation get-template --output json > deployed.json): replacements, IAM and security-group changes'],
  ['$0 explain', 'PR review: each node group in Markdown, as in the out/nodegroup-<name>.md the pull request shows'],
  ['$0 generate --check --sarif eksng.sarif', 'PR review: every finding also as SARIF, for GitHub code scanning'],
];

export async function main(argv: readonly string[], ctx: CommandContext = processContext()): Promise<ExitCode> {
  // What the completion scripts ask at each TAB: answered before any parsing (the words are partial).
  if (argv[0] === COMPLETIONS_FLAG) {
    ctx.stdout.write(renderCompletion(complete(COMMANDS, argv.slice(2))));
    return ExitCode.ok;
  }
  let usageFailure: string | null = null;
  let action: Action | null = null;
  let output: OutputChoice = TEXT_OUTPUT;
  const select = (a: Action, o: OutputChoice) => {
    action = a;
    output = o;
  };
  let parser = yargs([...argv])
    .scriptName('eksng')
    .usage('$0 <command> [options]\n\nGenerate validated CloudFormation templates and the aws-auth ConfigMap for self-managed EKS node groups.');
  for (const command of COMMANDS) parser = command.register(parser, select);
  for (const [command, description] of EXAMPLES) parser = parser.example(command, description);
  parser = parser
    .demandCommand(1, `Give a command: ${COMMANDS.map((c) => c.name).join(', ')}`)
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
    const command = commandOf(COMMANDS, argv);
    println(ctx.stderr, `Run eksng ${command === null ? '' : `${command.word} `}--help for usage.`);
    return ExitCode.usage;
  }
  if (helpText) println(ctx.stdout, helpText);
  if (action === null) return ExitCode.ok;
  return runAction(action, output, ctx);
}

/**
 * Runs a command and maps what it throws to an exit code — the single place that does. Findings
 * are collected as they come: printed as text, or (with --format json) printed as one JSON
 * document on stdout at the end, while the human-readable output goes to stderr.
 */
async function runAction(action: Action, output: OutputChoice, ctx: CommandContext): Promise<ExitCode> {
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
