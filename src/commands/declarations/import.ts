/** `eksng import`: its options and examples; the command's module (import.ts) loads only when it runs. */
import type { Argv } from 'yargs';
import { defineCommand, findingsOutput, formatOption, sarifOption } from '../command';

export const importCommand = defineCommand({
  name: 'import <source> <file>',
  describe: 'Write an eksng config from another tool\'s: eksctl (a ClusterConfig YAML file)',
  options: (y: Argv) =>
    y
      .positional('source', { choices: ['eksctl'] as const, describe: 'The tool the file is from' })
      .positional('file', { type: 'string', describe: 'The eksctl ClusterConfig (YAML; several documents allowed)', normalize: true })
      .option('out', { alias: 'o', type: 'string', requiresArg: true, default: 'nodegroup.json', normalize: true, describe: 'The eksng config to write' })
      .option('nodegroup', { type: 'string', array: true, requiresArg: true, describe: 'Import only this node group; repeatable' })
      .option('force', { type: 'boolean', default: false, describe: 'Overwrite an existing --out file' })
      .option('format', formatOption)
      .option('sarif', sarifOption),
  output: findingsOutput,
  run: async (a, ctx) => (await import('../import')).importConfig({ source: a.source as 'eksctl', file: String(a.file), out: a.out, nodegroup: a.nodegroup ?? [], force: a.force }, ctx),
});
