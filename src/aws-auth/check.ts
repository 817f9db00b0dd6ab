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
 * @param required node roles that must be mapped, each with the groups it needs
 * @param original the ConfigMap it was merged with, or null for a fresh one
 * @param removed role ARNs whose entries were removed on purpose
 * @param gained groups added on purpose to existing entries (the Windows group)
 */
export function checkRenderedAwsAuth(
  yamlText: string,
  required: ReadonlyMap<string, readonly string[]>,
  original: CurrentAwsAuth | null,
  removed: readonly string[] = [],
  gained: ReadonlyArray<{ readonly arn: string; readonly groups: readonly string[] }> = [],
): Problem[] {
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
  const firstEntry = new Map<unknown, (typeof read.current.mapRoles)[number]>();
  for (const e of read.current.mapRoles) if (!firstEntry.has(e.rolearn)) firstEntry.set(e.rolearn, e);
  for (const [arn, groups] of required) {
    const entry = firstEntry.get(arn);
    if (!entry) problems.push(error('aws-auth.role-missing', '/data/mapRoles', `does not map ${arn}`));
    else if (original === null && !groups.every((g) => Array.isArray(entry.groups) && entry.groups.includes(g))) problems.push(error('aws-auth.role-groups', '/data/mapRoles', `maps ${arn} without all of ${groups.join(', ')}`));
  }
  if (original) {
    const survivors = original.mapRoles.filter((e) => !removed.includes(String(e.rolearn)));
    // An entry that gained a group is compared without it: everything else must be as it was.
    const asBefore = read.current.mapRoles.map((e) => {
      const g = gained.find((x) => x.arn === e.rolearn);
      return g && Array.isArray(e.groups) ? { ...e, groups: e.groups.filter((x) => !g.groups.includes(String(x))) } : e;
    });
    if (!isSubsequence(survivors, asBefore)) problems.push(error('aws-auth.entry-lost', '/data/mapRoles', 'lost or reordered an entry of the original'));
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
