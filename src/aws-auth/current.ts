/**
 * Reading the cluster's current aws-auth ConfigMap, as `kubectl get configmap aws-auth -n kube-system
 * -o yaml` (or `-o json`) prints it: checked strictly, with pointers into that file, and cleaned of
 * server-managed metadata so that `kubectl apply` takes the merged file.
 */
import { yamlPackage } from './yaml';
import { schemaProblems, valueAt } from '../validation/problems';
import { error, pointer, Problem, SourceText } from '../problems';
import { validators } from '../validation';

/**
 * Aliases a document may expand to: a ConfigMap has none, and a "billion laughs" file of nested
 * aliases would otherwise expand to gigabytes.
 */
export const MAX_YAML_ALIASES = 100;

/** YAML (or JSON) text → value (YAML 1.2 core schema), with alias expansion bounded. */
export function loadYaml(text: string): unknown {
  const doc = yamlPackage().parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) throw new Error(doc.errors[0].message);
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    throw new Error(`${(e as Error).message} (more than ${MAX_YAML_ALIASES} alias expansions: not a ConfigMap kubectl prints)`);
  }
}
const load = loadYaml;

/** The text of a scalar in a YAML document by JSON pointer, as written (`1e400`, `.inf`): for messages. */
function yamlSource(text: string): SourceText {
  let doc: ReturnType<ReturnType<typeof yamlPackage>['parseDocument']> | null = null;
  return (at) => {
    doc ??= yamlPackage().parseDocument(text, { uniqueKeys: false });
    const node = doc.getIn(at.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~')), true) as { source?: unknown } | undefined;
    return typeof node?.source === 'string' ? node.source : null;
  };
}

/** What --merge-with must hold, and how to get it. */
const EXPECTED = 'expected the ConfigMap aws-auth in kube-system, as printed by: kubectl get configmap aws-auth -n kube-system -o yaml';

export type Entry = Record<string, unknown>;

export interface CurrentAwsAuth {
  /** The ConfigMap without server-managed metadata; `data` values untouched. */
  readonly document: Record<string, unknown>;
  /** The mapRoles text as found ('' when absent). */
  readonly mapRolesText: string;
  readonly mapRoles: readonly Entry[];
  readonly mapUsers: readonly Entry[];
  /** The file as read: a merge into YAML edits it in place, so that every value eksng does not own keeps its text. */
  readonly text: string;
}

/** Set by the API server; `kubectl apply` of a file carrying them fails or fights the server. */
export const SERVER_MANAGED_METADATA = ['resourceVersion', 'uid', 'creationTimestamp', 'managedFields', 'generation', 'selfLink'];
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';



export type ReadResult = { ok: true; current: CurrentAwsAuth } | { ok: false; problems: Problem[] };

export function readCurrentAwsAuth(text: string): ReadResult {
  if (isEmptyYaml(text)) {
    // Not read as "no aws-auth yet": kubectl prints nothing when it fails (no access, another
    // cluster's context, a NotFound), and a merge into nothing would drop every mapping the cluster has.
    return {
      ok: false,
      problems: [
        error(
          'aws-auth.empty',
          '',
          `is empty: ${EXPECTED} > current-aws-auth.yaml. kubectl writes nothing when it fails, so see its error; if the cluster has no aws-auth ConfigMap yet (kubectl says NotFound), leave out --merge-with`,
        ),
      ],
    };
  }
  let doc: unknown;
  try {
    doc = load(text);
  } catch (e) {
    return { ok: false, problems: [error('aws-auth.syntax', '', `is not valid YAML or JSON: ${(e as Error).message.split('\n')[0]}`)] };
  }
  const validateConfigMap = validators.awsAuthCurrent<{ metadata: Record<string, unknown>; data?: Record<string, string> }>();
  if (!validateConfigMap(doc)) {
    const problems = schemaProblems(validateConfigMap.errors ?? [], doc, yamlSource(text)).map((p) =>
      p.code === 'schema.const' || p.code === 'schema.required' || p.code === 'schema.type' ? { ...p, message: `${p.message} (${EXPECTED})` } : p,
    );
    return { ok: false, problems };
  }
  const data = doc.data ?? {};
  const problems: Problem[] = [];
  const mapRoles = readEntries(data.mapRoles, 'mapRoles', validators.mapRoles<Entry[]>(), problems);
  const mapUsers = readEntries(data.mapUsers, 'mapUsers', validators.mapUsers<Entry[]>(), problems);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, current: { document: withoutServerMetadata(doc as unknown as Record<string, unknown>), mapRolesText: data.mapRoles ?? '', mapRoles, mapUsers, text } };
}

function readEntries(text: string | undefined, key: string, validate: ReturnType<typeof validators.mapRoles<Entry[]>>, problems: Problem[]): Entry[] {
  if (text === undefined || text.trim() === '') return [];
  const at = pointer('data', key);
  let value: unknown;
  try {
    value = load(text);
  } catch (e) {
    problems.push(error('aws-auth.entries-syntax', at, `is not valid YAML: ${(e as Error).message.split('\n')[0]}`));
    return [];
  }
  if (value === null || value === undefined) return [];
  if (!validate(value)) {
    for (const p of schemaProblems(validate.errors ?? [], value, yamlSource(text))) {
      const bad = valueAt(value, p.pointer);
      const hint = typeof bad === 'string' && bad.includes(':instance-profile/') ? ' (an instance-profile ARN never matches: use the role ARN)' : '';
      problems.push({ ...p, pointer: at + p.pointer, message: `${p.message}${hint} (inside the ${key} string)` });
    }
    return [];
  }
  return value;
}

/** No document at all: nothing but blanks, comments and document markers (a written `null` or `~` is a document). */
function isEmptyYaml(text: string): boolean {
  const doc = yamlPackage().parseDocument(text);
  // After a `---` marker with nothing below it, the document is an empty plain scalar.
  const contents = doc.contents as { value?: unknown; source?: unknown } | null;
  return doc.errors.length === 0 && (contents === null || (contents.value === null && contents.source === ''));
}

function withoutServerMetadata(doc: Record<string, unknown>): Record<string, unknown> {
  const metadata = { ...(doc.metadata as Record<string, unknown>) };
  for (const key of SERVER_MANAGED_METADATA) delete metadata[key];
  if (metadata.annotations && typeof metadata.annotations === 'object') {
    const annotations = { ...(metadata.annotations as Record<string, unknown>) };
    delete annotations[LAST_APPLIED];
    if (Object.keys(annotations).length === 0) delete metadata.annotations;
    else metadata.annotations = annotations;
  }
  // Fixed order for the keys we know; anything else the server or a user put there stays, after them.
  const { apiVersion, kind, metadata: _m, data, ...rest } = doc;
  void _m;
  return { apiVersion, kind, metadata, ...(data === undefined ? {} : { data }), ...rest };
}
