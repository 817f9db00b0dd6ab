/**
 * What is written is read back and checked before it is written, so a bug in merging or rendering
 * can never lock a user out of their cluster: a strict schema for a fresh ConfigMap; for a merged
 * one, the same reader that checks the user's input, every node role mapped, and every original
 * entry and data key still there, in order.
 */
import { jsYaml } from '../render/js-yaml';
import { isDeepStrictEqual } from 'util';
import { schemaProblems } from '../validation/problems';
import { validators } from '../validation';
import { error, Problem } from '../problems';
import { CurrentAwsAuth, readCurrentAwsAuth } from './current';
const { load } = jsYaml;

/**
 * Problems with a rendered aws-auth-cm.yaml; pointers are into that document.
 * @param roleArns node roles that must be mapped
 * @param original the ConfigMap it was merged with, or null for a fresh one
 * @param removed role ARNs whose entries were removed on purpose
 */
export function checkRenderedAwsAuth(yamlText: string, roleArns: readonly string[], original: CurrentAwsAuth | null, removed: readonly string[] = []): Problem[] {
  if (original === null) {
    const validateFresh = validators.awsAuthFresh<{ data: { mapRoles: string } }>();
    const validateFreshMapRoles = validators.awsAuthFreshMapRoles<unknown[]>();
    const doc = load(yamlText);
    if (!validateFresh(doc)) return schemaProblems(validateFresh.errors ?? [], doc);
    const roles = load(doc.data.mapRoles);
    if (!validateFreshMapRoles(roles)) return schemaProblems(validateFreshMapRoles.errors ?? [], roles).map((p) => ({ ...p, pointer: `/data/mapRoles${p.pointer}` }));
  }
  const read = readCurrentAwsAuth(yamlText);
  if (!read.ok) return read.problems;
  const problems: Problem[] = [];
  const mapped = read.current.mapRoles.map((e) => e.rolearn);
  for (const arn of roleArns) if (!mapped.includes(arn)) problems.push(error('aws-auth.role-missing', '/data/mapRoles', `does not map ${arn}`));
  if (original) {
    const survivors = original.mapRoles.filter((e) => !removed.includes(String(e.rolearn)));
    if (!isSubsequence(survivors, read.current.mapRoles)) problems.push(error('aws-auth.entry-lost', '/data/mapRoles', 'lost or reordered an entry of the original'));
    if (!isDeepStrictEqual(original.mapUsers, read.current.mapUsers)) problems.push(error('aws-auth.entry-lost', '/data/mapUsers', 'differs from the original'));
    const before = (original.document.data ?? {}) as Record<string, unknown>;
    const after = (read.current.document.data ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(before)) {
      if (key !== 'mapRoles' && before[key] !== after[key]) problems.push(error('aws-auth.entry-lost', `/data/${key}`, 'differs from the original'));
    }
  }
  return problems;
}

function isSubsequence<T>(needles: readonly T[], haystack: readonly T[]): boolean {
  let i = 0;
  for (const item of haystack) if (i < needles.length && isDeepStrictEqual(item, needles[i])) i++;
  return i === needles.length;
}
