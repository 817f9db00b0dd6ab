/** `eksng auth`: its options and examples; the command's module (auth.ts) loads only when it runs. */
import type { Argv } from 'yargs';
import { configOption, defineCommand, findingsOutput, formatOption, outOption, sarifOption } from '../command';

export const authCommand = defineCommand({
  name: 'auth',
  describe: 'Write aws-auth-cm.yaml mapping the node roles',
  options: (y: Argv) =>
    y
      .option('config', configOption)
      .option('out', outOption)
      .option('role-arn', { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: '<nodegroup>=<role ARN>, repeatable' })
      .option('stack-outputs', { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: 'JSON of aws cloudformation describe-stacks --output json, repeatable' })
      .option('merge-with', { type: 'string', requiresArg: true, describe: 'The cluster\'s current ConfigMap (kubectl get configmap aws-auth -n kube-system -o yaml); every entry is kept' })
      .option('remove', { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: 'Remove this node group\'s entry (unless another node group uses the role), repeatable' })
      .option('format', formatOption)
      .option('sarif', sarifOption),
  output: findingsOutput,
  run: async (a, ctx) => (await import('../auth')).auth({ config: a.config, out: a.out, roleArn: a['role-arn'], stackOutputs: a['stack-outputs'], mergeWith: a['merge-with'] ?? null, remove: a.remove }, ctx),
});
