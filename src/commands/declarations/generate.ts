/** `eksng generate`: its options and examples; the command's module (generate.ts) loads only when it runs. */
import type { Argv } from 'yargs';
import { configsOption, defineCommand, findingsOutput, formatOption, jobsArgument, jobsOption, lintCacheOption, lintOption, list, outOption, policyArgument, policyOption, policyRulesOption, sarifOption } from '../command';

export const generateCommand = defineCommand({
  name: 'generate',
  describe: 'Validate the config(s) and write templates, parameter files and aws-auth-cm.yaml',
  options: (y: Argv) =>
    y
      .option('config', configsOption)
      .option('out', outOption)
      .option('lint', lintOption)
      .option('lint-cache', lintCacheOption)
      .option('jobs', jobsOption)
      .option('policy', policyOption)
      .option('policy-rules', policyRulesOption)
      .option('check', { type: 'boolean', default: false, describe: 'Write nothing; exit 1 listing the files when --out differs from what the config generates (stale, edited or missing)' })
      .option('cluster-outputs', { type: 'string', requiresArg: true, describe: 'JSON of aws cloudformation describe-stacks of the cluster stack (eksng cluster): fills vpcId, subnetIds, controlPlaneSecurityGroupId, endpoint, CA, service CIDR the config lacks' })
      .option('format', formatOption)
      .option('sarif', sarifOption),
  output: findingsOutput,
  run: async (a, ctx) => (await import('../generate')).generate({ config: list(a.config), out: a.out, lint: a.lint, lintCache: a['lint-cache'], jobs: jobsArgument(a.jobs), policy: policyArgument(a.policy, a['policy-rules']), check: a.check, clusterOutputs: a['cluster-outputs'] ?? null }, ctx),
});
