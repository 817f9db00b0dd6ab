/**
 * `eksng diff`: a semantic, resource-level diff between what the config generates now and a
 * committed or deployed template (a directory of eksng output, a template file, or the JSON of
 * `aws cloudformation get-template`). It marks what CloudFormation will replace, shows IAM and
 * security-group changes as tables, and calls out new broad IAM grants and ingress open to the
 * internet. @aws-cdk/cloudformation-diff is loaded only by this command.
 */
import * as path from 'path';
import { PassThrough } from 'stream';
import { loadCfnYaml } from '../cfn-yaml';
import { newRiskAlerts } from '../diff';
import { describeRollout, rolloutOf } from '../diff/rollout';
import { InvalidInputError, ValidationFailedError } from '../errors';
import { fileExists, readInputFile } from '../io';
import { error } from '../problems';
import { CommandContext, println } from './context';
import { displayPath, prepareRuns } from './pipeline';

export interface DiffOptions {
  readonly config: readonly string[];
  /** A directory of generated output, or one template (YAML/JSON, or get-template output). */
  readonly against: string;
  /** Exit 1 when there are differences. */
  readonly exitCode: boolean;
}

export async function diff(opts: DiffOptions, ctx: CommandContext): Promise<void> {
  const runs = await prepareRuns(opts.config, ctx);
  const cfnDiff = await import('@aws-cdk/cloudformation-diff');
  const againstIsDir = !(await isTemplateFile(opts.against));
  const pairs = runs.flatMap((r) => r.outputs.templates.map((t) => ({ r, t })));
  if (!againstIsDir && pairs.length !== 1) {
    throw new InvalidInputError('--against', [error('diff.ambiguous', '', `is one template, but the config has ${pairs.length} node groups: give the output directory instead`)]);
  }
  let changed = 0;
  for (const { r, t } of pairs) {
    const oldFile = againstIsDir ? path.join(opts.against, r.subdir, t.templateFile) : opts.against;
    const old = (await fileExists(oldFile)) ? await readTemplate(oldFile) : {};
    const now = t.built.template;
    const result = cfnDiff.fullDiff(old, { ...now });
    const header = `${displayPath(path.join(r.subdir, t.templateFile))} (node group ${t.built.nodeGroup.name}) against ${displayPath(oldFile)}${Object.keys(old).length === 0 ? ' (missing: everything is new)' : ''}`;
    const rollout = describeRollout(rolloutOf(t.built.nodeGroup.name, Object.keys(old).length === 0 ? null : old, now));
    if (result.isEmpty) {
      println(ctx.stdout, `${header}: no differences`);
      continue;
    }
    changed++;
    println(ctx.stdout, `${header}:`);
    ctx.stdout.write(render((stream) => cfnDiff.formatDifferences(stream, result), ctx));
    for (const [id, d] of Object.entries(result.resources.changes)) {
      const impact = d.changeImpact;
      if (impact === cfnDiff.ResourceImpact.WILL_REPLACE || impact === cfnDiff.ResourceImpact.MAY_REPLACE) {
        println(ctx.stdout, `!! REPLACEMENT: ${id} (${d.newResourceType ?? d.oldResourceType}) ${impact === cfnDiff.ResourceImpact.WILL_REPLACE ? 'will be replaced' : 'may be replaced'}`);
      }
    }
    if (result.permissionsBroadened) println(ctx.stdout, '!! PERMISSIONS BROADENED: new IAM statements or security-group rules (see the tables above)');
    for (const alert of newRiskAlerts(old, now)) println(ctx.stdout, `!! ${alert}`);
    // What the update does to the running nodes (a new group has none yet).
    if (Object.keys(old).length > 0) println(ctx.stdout, `NODES: ${rollout}`);
  }
  println(ctx.stdout, changed === 0 ? 'No differences.' : `${changed} template${changed === 1 ? '' : 's'} differ${changed === 1 ? 's' : ''}.`);
  if (opts.exitCode && changed > 0) throw new ValidationFailedError(`${changed} template${changed === 1 ? ' differs' : 's differ'} (--exit-code)`);
}

async function isTemplateFile(file: string): Promise<boolean> {
  return /\.(ya?ml|json|template)$/i.test(file) && (await fileExists(file));
}

/** A template as YAML or JSON, or `aws cloudformation get-template` output (its TemplateBody). */
async function readTemplate(file: string): Promise<Record<string, unknown>> {
  const text = await readInputFile(file);
  let doc: unknown;
  try {
    doc = loadCfnYaml(text);
  } catch (e) {
    throw new InvalidInputError(displayPath(file), [error('diff.syntax', '', `is not a YAML or JSON template: ${(e as Error).message.split('\n')[0]}`)]);
  }
  const body = (doc as { TemplateBody?: unknown } | null)?.TemplateBody;
  if (body !== undefined) doc = typeof body === 'string' ? loadCfnYaml(body) : body;
  if (doc === null || typeof doc !== 'object' || !('Resources' in doc)) {
    throw new InvalidInputError(displayPath(file), [error('diff.not-a-template', '', 'is not a CloudFormation template (no Resources)')]);
  }
  return doc as Record<string, unknown>;
}

/** What a cloudform-diff formatter writes, as text; colours only on a terminal. */
function render(write: (stream: PassThrough & { columns?: number }) => void, ctx: CommandContext): string {
  const stream: PassThrough & { columns?: number } = new PassThrough();
  stream.columns = 120;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
  write(stream);
  stream.end();
  const out = Buffer.concat(chunks).toString('utf8');
  const tty = (ctx.stdout as { isTTY?: boolean }).isTTY === true;
  // eslint-disable-next-line no-control-regex
  return tty ? out : out.replace(/\u001b\[[0-9;]*m/g, '');
}
