/** `eksng cluster`: its options and examples; the command's module (cluster.ts) loads only when it runs. */
import type { Argv } from 'yargs';
import { configOption, defineCommand, findingsOutput, formatOption, lintCacheOption, lintOption, outOption, policyArgument, policyOption, policyRulesOption, sarifOption } from '../command';

export const clusterCommand = defineCommand({
  name: 'cluster',
  describe: 'Write the cluster stack template: VPC, subnets, control-plane security group, cluster role (and with cluster.create the EKS cluster)',
  options: (y: Argv) => y.option('config', configOption).option('out', outOption).option('lint', lintOption).option('lint-cache', lintCacheOption).option('policy', policyOption).option('policy-rules', policyRulesOption).option('format', formatOption).option('sarif', sarifOption),
  output: findingsOutput,
  run: async (a, ctx) => (await import('../cluster')).cluster({ config: a.config, out: a.out, lint: a.lint, lintCache: a['lint-cache'], policy: policyArgument(a.policy, a['policy-rules']) }, ctx),
});
