/**
 * AmazonLinux2023 as nodeadm reads it (nodeadm/internal/configprovider/mime.go): the user data is a
 * MIME multipart (else the whole of it is one NodeConfig); each top-level part of type
 * application/node.eks.aws is base64-decoded if it is valid base64, gunzipped if gzip, then decoded
 * by apimachinery's UniversalDecoder — YAML converted to JSON by sigs.k8s.io/yaml (go-yaml v2, YAML 1.1
 * scalars, no target type) and then non-strict, case-sensitive JSON into the v1alpha1 types. The
 * documents are merged and the merge validated. text/x-shellscript parts are run by cloud-init.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { gunzipSync } from 'zlib';
import { type Document, type ScalarTag, type Tags, isMap, isScalar, parseAllDocuments, visit } from 'yaml';
import { Contracts, NodeadmContract } from './contracts';
import { checkKubeletConfig, checkKubeletFlag } from './kubelet';
import { readMime } from './mime';
import { checkShellScript } from './shell';
import { Violation, describeValue, isPlainObject, violation } from './violations';

export const NODE_CONFIG_MEDIA_TYPE = 'application/node.eks.aws';
export const SHELL_SCRIPT_MEDIA_TYPE = 'text/x-shellscript';

export interface Al2023Reading {
  readonly violations: Violation[];
  /** Each NodeConfig document as nodeadm decodes it (YAML 1.1 → JSON), in part order. */
  readonly nodeConfigs: unknown[];
  /** The text of each text/x-shellscript part. */
  readonly shellParts: string[];
}

// --- YAML as sigs.k8s.io/yaml decodes it --------------------------------------------------------

/**
 * go-yaml v2 resolves a plain scalar with strconv.ParseInt(s without "_", base 0), so Go's prefixes
 * 0o/0O, 0X and 0B make integers too; yaml's YAML 1.1 schema knows only 0x, 0b and leading-0 octal.
 */
const GO_PREFIXED_INT: ScalarTag = {
  tag: 'tag:yaml.org,2002:int',
  default: true,
  test: /^[-+]?0(?:[oO]_*[0-7][0-7_]*|[xX]_*[0-9a-fA-F][0-9a-fA-F_]*|[bB]_*[01][01_]*)$/,
  resolve(source: string): number {
    const s = source.replace(/_/g, '');
    const sign = s.startsWith('-') ? -1 : 1;
    const unsigned = s.replace(/^[-+]/, '');
    const base = { o: 8, x: 16, b: 2 }[unsigned[1].toLowerCase() as 'o' | 'x' | 'b'];
    return sign * Number.parseInt(unsigned.slice(2), base);
  },
};

/**
 * go-yaml v2 has no sexagesimal numbers ("1:30" stays a string), and gives a timestamp-looking
 * scalar to an interface{} as a string ("for backward compatibility").
 */
function goYamlV2Tags(tags: Tags): Tags {
  const dropped = (t: Tags[number]) =>
    typeof t === 'string' ? ['timestamp', 'intTime', 'floatTime'].includes(t) : t.tag === 'tag:yaml.org,2002:timestamp' || ('format' in t && t.format === 'TIME');
  return [GO_PREFIXED_INT, ...tags.filter((t) => !dropped(t))];
}

export interface DecodedYaml {
  /** The first document as JSON data (go-yaml v2's Unmarshal reads only the first). */
  readonly value: unknown;
  readonly errors: string[];
  /** Keys given twice in one mapping (go-yaml v2 keeps the last). */
  readonly duplicateKeys: string[];
  readonly ignoredDocuments: number;
}

export function decodeYamlAsGo(text: string): DecodedYaml {
  const docs = parseAllDocuments(text, {
    version: '1.1',
    schema: 'yaml-1.1',
    customTags: goYamlV2Tags,
    uniqueKeys: false,
    merge: true,
  });
  const list: Document.Parsed[] = Array.isArray(docs) ? docs : [];
  const first = list[0];
  if (!first) return { value: null, errors: [], duplicateKeys: [], ignoredDocuments: 0 };
  const errors = first.errors.map((e) => e.message.split('\n')[0]);
  const duplicateKeys: string[] = [];
  visit(first, {
    Map(_key, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : JSON.stringify(pair.key);
        if (seen.has(k)) duplicateKeys.push(k);
        seen.add(k);
      }
    },
  });
  const value: unknown = errors.length ? undefined : first.toJS({ maxAliasCount: 100 });
  return { value, errors, duplicateKeys, ignoredDocuments: list.length - 1 };
}

// --- NodeConfig against nodeadm's model --------------------------------------------------------------

const validators = new WeakMap<object, ValidateFunction>();

function validatorFor(contract: NodeadmContract): ValidateFunction {
  let v = validators.get(contract.schema);
  if (!v) {
    v = new Ajv({ strict: true, allErrors: true }).compile(contract.schema);
    validators.set(contract.schema, v);
  }
  return v;
}

/** `/spec/kubelet/flags/0` → `spec.kubelet.flags[0]`. */
function dotted(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '');
}

function valueAt(data: unknown, pointer: string): unknown {
  let cur = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) cur = cur[Number(key)];
    else if (isPlainObject(cur)) cur = cur[key];
    else return undefined;
  }
  return cur;
}

function join(at: string, key: string): string {
  return at ? `${at}.${key}` : key;
}

function fromAjv(e: ErrorObject, doc: unknown, prefix: string): Violation | undefined {
  const at = dotted(e.instancePath);
  const where = (p: string) => (p ? `${prefix} ${p}` : prefix);
  const value = valueAt(doc, e.instancePath);
  switch (e.keyword) {
    case 'type':
      if (e.instancePath === '') {
        return violation('nodeadm', 'wrong-type', prefix, `is not a NodeConfig document (got ${describeValue(value)}): nodeadm cannot decode it and fails`);
      }
      if (value === null) {
        // Go's json.Unmarshal leaves a field alone on null: nodeadm sees it unset, not a failure.
        return violation('nodeadm', 'wrong-type', where(at), `must be ${String(e.params.type)}, got null: nodeadm reads it as unset`);
      }
      return violation('nodeadm', 'wrong-type', where(at), `must be ${String(e.params.type)}, got ${describeValue(value)}: nodeadm cannot decode the NodeConfig and fails`);
    case 'additionalProperties':
      return violation('nodeadm', 'unknown-field', where(join(at, String(e.params.additionalProperty))), 'is not a NodeConfig field: nodeadm drops it without a word (non-strict decode)');
    case 'required':
      return violation('nodeadm', 'missing-field', where(join(at, String(e.params.missingProperty))), 'is missing: nodeadm cannot tell what the document is and fails');
    case 'propertyNames':
      return violation('nodeadm', 'unknown-field', where(join(at, String(e.params.propertyName))), 'is not a known key here: nodeadm ignores it');
    case 'const':
      return violation('nodeadm', 'bad-value', where(at), `must be ${JSON.stringify(e.params.allowedValue)}, got ${describeValue(value)}: nodeadm fails`);
    case 'enum':
      // An enum under propertyNames is reported by its propertyNames error.
      if (e.propertyName !== undefined) return undefined;
      return violation('nodeadm', 'bad-value', where(at), `must be one of ${(e.params.allowedValues as unknown[]).map((a) => JSON.stringify(a)).join(', ')}, got ${describeValue(value)}`);
    default:
      return violation('nodeadm', 'bad-value', where(at), `${e.message ?? e.keyword}: nodeadm may refuse it`);
  }
}

/** Violations of one decoded NodeConfig document; `prefix` names the MIME part. */
export function checkNodeConfig(doc: unknown, contracts: Contracts, prefix: string): Violation[] {
  const validate = validatorFor(contracts.nodeadm);
  const out: Violation[] = [];
  if (!validate(doc)) {
    for (const e of validate.errors ?? []) {
      const v = fromAjv(e, doc, prefix);
      if (v) out.push(v);
    }
  }
  const kubelet = isPlainObject(doc) && isPlainObject(doc.spec) && isPlainObject(doc.spec.kubelet) ? doc.spec.kubelet : {};
  if (isPlainObject(kubelet.config)) out.push(...checkKubeletConfig(kubelet.config, contracts.kubelet, `${prefix} spec.kubelet.config`));
  if (Array.isArray(kubelet.flags)) kubelet.flags.forEach((f, i) => out.push(...checkKubeletFlag(f, `${prefix} spec.kubelet.flags[${i}]`)));
  return out;
}

/** nodeadm's ValidateNodeConfig on the merged config: a required string empty or absent in every document. */
function checkMergedRequirements(docs: readonly unknown[], contract: NodeadmContract): Violation[] {
  const present = (path: string) =>
    docs.some((d) => {
      const v = valueAt(d, `/${path.split('.').join('/')}`);
      return v !== undefined && v !== null && v !== '';
    });
  return contract.requiredAfterMerge
    .filter((p) => !present(p))
    .map((p) => violation('nodeadm', 'missing-field', p, 'is missing or empty in every NodeConfig: nodeadm validation fails and the node never joins'));
}

// --- The user data -------------------------------------------------------------------------------

/** nodeadm's decodeIfBase64 (Go's StdEncoding ignores CR and LF) and decompressIfGZIP. */
function unwrap(body: Buffer): Buffer {
  const text = body.toString('latin1').replace(/[\r\n]/g, '');
  const b64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text) ? Buffer.from(text, 'base64') : body;
  return b64.length >= 2 && b64[0] === 0x1f && b64[1] === 0x8b ? gunzipSync(b64) : b64;
}

function decodeNodeConfigPart(body: Buffer, contracts: Contracts, at: string): { doc?: unknown; violations: Violation[] } {
  const d = decodeYamlAsGo(unwrap(body).toString('utf8'));
  const violations = [
    ...d.errors.map((e) => violation('nodeadm', 'syntax', at, `is not YAML nodeadm can read: ${e}`)),
    ...d.duplicateKeys.map((k) => violation('nodeadm', 'bad-value', at, `sets ${k} twice in one mapping: nodeadm keeps only the last`)),
  ];
  if (d.ignoredDocuments > 0) {
    violations.push(violation('nodeadm', 'no-model', at, `has ${d.ignoredDocuments + 1} YAML documents: nodeadm reads only the first`));
  }
  if (d.errors.length) return { violations };
  return { doc: d.value, violations: [...violations, ...checkNodeConfig(d.value, contracts, at)] };
}

export async function readAl2023(userData: string, contracts: Contracts): Promise<Al2023Reading> {
  const violations: Violation[] = [];
  const nodeConfigs: unknown[] = [];
  const shellParts: string[] = [];
  const mime = await readMime(userData);
  if (!mime.multipart) {
    // nodeadm's fallback: the whole user data is one NodeConfig.
    const r = decodeNodeConfigPart(Buffer.from(userData, 'utf8'), contracts, 'user data');
    violations.push(...r.violations);
    if (r.doc !== undefined) nodeConfigs.push(r.doc);
  } else {
    mime.parts.forEach((part, i) => {
      const at = `part ${i + 1} (${part.contentType || 'no Content-Type'})`;
      if (part.nested) {
        violations.push(violation('checker', 'no-model', at, 'is inside a nested multipart: nodeadm does not look there'));
      } else if (part.contentType === NODE_CONFIG_MEDIA_TYPE) {
        const r = decodeNodeConfigPart(part.body, contracts, at);
        violations.push(...r.violations);
        if (r.doc !== undefined) nodeConfigs.push(r.doc);
      } else if (part.contentType === SHELL_SCRIPT_MEDIA_TYPE) {
        const script = part.body.toString('utf8');
        shellParts.push(script);
        violations.push(...checkShellScript(script, at));
      } else {
        violations.push(violation('checker', 'no-model', at, 'is a part type the checker has no model for'));
      }
    });
    // cloud-init (user_data.convert_string) reads user data as MIME only if "mime-version:" is in its first 4096 bytes.
    if (shellParts.length && !/mime-version:/i.test(userData.slice(0, 4096))) {
      violations.push(violation('cloud-init', 'not-run', 'user data', 'has no MIME-Version header: cloud-init does not read it as MIME and runs none of its shell parts'));
    }
    if (!mime.parts.some((p) => p.contentType === NODE_CONFIG_MEDIA_TYPE && !p.nested)) {
      violations.push(violation('nodeadm', 'no-node-config', 'user data', `has no ${NODE_CONFIG_MEDIA_TYPE} part: nodeadm fails "could not find NodeConfig within UserData"`));
    }
  }
  if (nodeConfigs.length) violations.push(...checkMergedRequirements(nodeConfigs, contracts.nodeadm));
  return { violations, nodeConfigs, shellParts };
}
