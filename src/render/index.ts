/**
 * The only place serializer options live. Plain YAML any parser reads (no custom tags, long-form
 * intrinsics), key order as built, no line folding, a header saying which tool made the file, and
 * a trailing newline: the same input always gives the same bytes.
 */
import { jsYaml } from './js-yaml';
const { dump } = jsYaml;

const YAML_OPTIONS = { noRefs: true, lineWidth: -1, sortKeys: false, quotingType: '"', indent: 2 } as const;

export function renderYaml(data: unknown, header: readonly string[] = []): string {
  const comments = header.map((line) => (line === '' ? '#' : `# ${line}`)).join('\n');
  return (comments ? comments + '\n' : '') + dump(data, YAML_OPTIONS);
}

export function renderJson(data: unknown): string {
  return JSON.stringify(data, null, 2) + '\n';
}
