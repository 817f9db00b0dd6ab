/**
 * Merging node roles into the cluster's current aws-auth without losing anything: every existing
 * entry of every data key stays, in its order; one entry per node role is added when missing
 * (keyed by the role ARN without path); an existing entry for the same role that differs is
 * reported, never rewritten; entries are removed only for node groups asked for, and only when no
 * remaining node group of the config uses the same role. Merging the result again changes nothing.
 */
import { jsYaml } from '../render/js-yaml';
import { isDeepStrictEqual } from 'util';
import { renderYaml } from '../render';
import { withoutIamPath } from './arn';
import { AWS_AUTH_NAME, AWS_AUTH_NAMESPACE, NODE_GROUPS, nodeRoleEntry, WINDOWS_NODE_GROUP } from './build';
import { CurrentAwsAuth, Entry } from './current';
import { pointer, Problem, warning } from '../problems';
const { dump, load } = jsYaml;

export interface NodeRole {
  readonly nodeGroup: string;
  /** Role ARN without path. */
  readonly arn: string;
  /** The groups the role is mapped with (the node group's family: families/*.ts); default: NODE_GROUPS. */
  readonly groups?: readonly string[];
}

/**
 * The groups each role needs, over every node group that uses it: a role shared by a Linux and a
 * Windows group is mapped with the Windows groups (which serve Linux nodes as well).
 */
export function requiredGroups(roles: readonly NodeRole[]): Map<string, string[]> {
  const byArn = new Map<string, string[]>();
  for (const r of roles) {
    const groups = byArn.get(r.arn) ?? [];
    for (const g of r.groups ?? NODE_GROUPS) if (!groups.includes(g)) groups.push(g);
    byArn.set(r.arn, groups);
  }
  return byArn;
}

export interface MergeReport {
  readonly added: string[];
  readonly present: string[];
  /** Existing node entries that gained a group the role now needs (`arn (+group)`): only ever added, never taken away. */
  readonly updated: string[];
  /** The same, as data: the groups each updated entry gained. */
  readonly gainedGroups: ReadonlyArray<{ readonly arn: string; readonly groups: readonly string[] }>;
  readonly removed: string[];
  /** Removal asked for but skipped because another node group of the config uses the role. */
  readonly stillNeeded: string[];
  /** Conflicting or dead entries, kept as they are; pointers into the current ConfigMap (`/data/mapRoles/<n>`: its n-th entry). */
  readonly warnings: Problem[];
  /** Entries and keys kept untouched. */
  readonly kept: { mapRoles: number; mapUsers: number; mapAccounts: boolean; otherKeys: string[] };
}

export interface MergeResult {
  readonly document: Record<string, unknown>;
  readonly report: MergeReport;
}


/**
 * @param keep node roles that must be mapped (all node groups not being removed)
 * @param remove node roles whose entries should go, unless a role in `keep` is the same
 */
export function mergeAwsAuth(current: CurrentAwsAuth | null, keep: readonly NodeRole[], remove: readonly NodeRole[]): MergeResult {
  const required = requiredGroups(keep);
  const keepArns = new Set(required.keys());
  const removeArns = new Set(remove.filter((r) => !keepArns.has(r.arn)).map((r) => r.arn));
  const stillNeeded = remove.filter((r) => keepArns.has(r.arn)).map((r) => `${r.nodeGroup} (${r.arn} is also the role of ${keep.find((k) => k.arn === r.arn)!.nodeGroup})`);

  const existing = current?.mapRoles ?? [];
  const entries: Entry[] = [];
  const removed: string[] = [];
  const present = new Set<string>();
  const warnings: Problem[] = [];
  const updated: string[] = [];
  const gainedGroups: Array<{ arn: string; groups: string[] }> = [];
  existing.forEach((entry, index) => {
    const at = pointer('data', 'mapRoles', index);
    const arn = String(entry.rolearn);
    if (removeArns.has(arn)) {
      removed.push(arn);
      return;
    }
    if (keepArns.has(arn)) {
      if (present.has(arn)) {
        entries.push(entry);
        warnings.push(warning('aws-auth.duplicate-entry', at, `maps ${arn} again (mapRoles has more than one entry for it); all are kept`));
        return;
      }
      present.add(arn);
      const expected = nodeRoleEntry(arn, required.get(arn));
      const groups = Array.isArray(entry.groups) ? entry.groups.map(String) : null;
      const missing = groups === null ? expected.groups : expected.groups.filter((g) => !groups.includes(g));
      // A node entry that only lacks the Windows group (the role was first mapped for Linux nodes) gains
      // it in place: adding a group takes nothing away, and without it Windows nodes get no DNS.
      if (entry.username === expected.username && groups !== null && missing.length > 0 && missing.every((g) => g === WINDOWS_NODE_GROUP)) {
        entries.push({ ...entry, groups: [...groups, ...missing] });
        updated.push(`${arn} (+${missing.join(', +')})`);
        gainedGroups.push({ arn, groups: [...missing] });
        return;
      }
      entries.push(entry);
      // Extra groups are the user's; the Windows group on a role that now serves Linux nodes only is kept too.
      const extra = groups === null ? [] : groups.filter((g) => !expected.groups.includes(g) && g !== WINDOWS_NODE_GROUP);
      if (entry.username !== expected.username || missing.length > 0 || extra.length > 0) {
        warnings.push(warning('aws-auth.not-a-node-entry', at, `already maps ${arn} as ${JSON.stringify({ username: entry.username, groups: entry.groups })}, not as a node (${JSON.stringify({ username: expected.username, groups: expected.groups })}); kept as it is — change it by hand if these nodes should join`));
      }
      return;
    }
    entries.push(entry);
    if (keepArns.has(withoutIamPath(arn))) {
      warnings.push(warning('aws-auth.role-path', at, `${arn} has an IAM path, so aws-auth never matches it; kept, and the role is added without its path`));
    }
  });
  const added: string[] = [];
  for (const arn of keepArns) {
    if (!present.has(arn)) {
      entries.push({ ...nodeRoleEntry(arn, required.get(arn)) });
      added.push(arn);
    }
  }

  const data = (current?.document.data as Record<string, unknown> | undefined) ?? {};
  const changed = added.length > 0 || removed.length > 0 || updated.length > 0;
  const mapRolesText = current && !changed ? current.mapRolesText : renderMapRoles(current?.mapRolesText ?? '', existing, entries, removed.length === 0 && updated.length === 0);
  // mapRoles keeps its place among the data keys; a new one comes first.
  const newData = 'mapRoles' in data ? { ...data, mapRoles: mapRolesText } : { mapRoles: mapRolesText, ...data };
  const document = current
    ? { ...current.document, data: newData }
    : { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: AWS_AUTH_NAME, namespace: AWS_AUTH_NAMESPACE }, data: newData };
  const otherKeys = Object.keys(data).filter((k) => !['mapRoles', 'mapUsers', 'mapAccounts'].includes(k));

  return {
    document,
    report: {
      added,
      present: [...present].filter((arn) => !updated.some((u) => u.startsWith(`${arn} `))),
      updated,
      gainedGroups,
      removed,
      stillNeeded,
      warnings,
      kept: {
        mapRoles: entries.length - added.length - present.size,
        mapUsers: current?.mapUsers.length ?? 0,
        mapAccounts: 'mapAccounts' in data,
        otherKeys,
      },
    },
  };
}

/**
 * The new mapRoles text. When entries were only appended, the original text is kept byte for byte
 * (comments, spacing) and the new entries are appended in its indentation — if the result reads
 * back to exactly the intended list; otherwise the whole list is rendered anew.
 */
function renderMapRoles(original: string, before: readonly Entry[], after: readonly Entry[], appendOnly: boolean): string {
  const rendered = renderYaml(after);
  if (!appendOnly || original.trim() === '' || before.length === 0) return rendered;
  const indent = /^( *)- /m.exec(original)?.[1] ?? '';
  const appended = dump(after.slice(before.length), { noRefs: true, lineWidth: -1, quotingType: '"' })
    .split('\n')
    .map((line) => (line === '' ? line : indent + line))
    .join('\n');
  const candidate = (original.endsWith('\n') ? original : original + '\n') + appended;
  try {
    return isDeepStrictEqual(load(candidate), after) ? candidate : rendered;
  } catch {
    return rendered;
  }
}
