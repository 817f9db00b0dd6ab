/**
 * What the kubelet does with a KubeletConfiguration fragment (nodeadm's spec.kubelet.config, or JSON
 * merged into AL2's kubelet-config.json) and with extra command-line flags.
 *
 * The kubelet decodes its config strictly, and on failure leniently: an unknown key is dropped
 * (logged at info level), a value of the wrong type fails both decodes and the kubelet does not start.
 */
import { KubeletContract, KubeletField, KubeletType } from './contracts';
import { Violation, describeValue, isPlainObject, violation } from './violations';

/** Go's time.ParseDuration syntax ("0", "30s", "1h30m", "1.5h"). */
const GO_DURATION = /^[-+]?(?:0|(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/;

/** Keys of `config` the kubelet would drop or fail on; `at` is the path of `config` itself. */
export function checkKubeletConfig(config: Readonly<Record<string, unknown>>, contract: KubeletContract, at: string): Violation[] {
  const out: Violation[] = [];
  for (const [key, value] of Object.entries(config)) {
    const where = `${at}.${key}`;
    if (contract.typeMeta.includes(key)) continue;
    const field = contract.fields[key];
    if (field) {
      out.push(...checkValue(value, field, where));
    } else if (key in contract.unreleasedFields) {
      out.push(violation('kubelet', 'unknown-field', where, 'is in no kubelet release yet (master only): the kubelet drops it'));
    } else if (key in contract.removedFields) {
      out.push(violation('kubelet', 'unknown-field', where, 'was removed from KubeletConfiguration: the kubelet drops it'));
    } else {
      out.push(violation('kubelet', 'unknown-field', where, 'is not a KubeletConfiguration field: the kubelet drops it (logged at info level only)'));
    }
  }
  return out;
}

function asField(type: KubeletType, items?: KubeletType): KubeletField {
  return { type, items };
}

function wrongType(where: string, expected: string, value: unknown): Violation {
  return violation('kubelet', 'wrong-type', where, `must be ${expected}, got ${describeValue(value)}: the kubelet cannot decode its config and does not start`);
}

function checkValue(value: unknown, field: KubeletField, where: string): Violation[] {
  switch (field.type) {
    case 'string':
      if (typeof value !== 'string') return [wrongType(where, 'string', value)];
      if (field.enum && !field.enum.includes(value)) {
        return [violation('kubelet', 'bad-value', where, `must be one of ${field.enum.join(', ')}, got ${describeValue(value)}: the kubelet refuses its config`)];
      }
      return [];
    case 'integer':
      return (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'bigint' ? [] : [wrongType(where, 'integer', value)];
    case 'number':
      return typeof value === 'number' || typeof value === 'bigint' ? [] : [wrongType(where, 'number', value)];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [wrongType(where, 'boolean', value)];
    case 'duration':
      if (typeof value !== 'string') return [wrongType(where, 'a duration string like "30s"', value)];
      return GO_DURATION.test(value) ? [] : [violation('kubelet', 'bad-value', where, `${describeValue(value)} is not a Go duration: the kubelet cannot decode its config and does not start`)];
    case 'array': {
      if (!Array.isArray(value)) return [wrongType(where, 'array', value)];
      const item: KubeletField | undefined = field.itemFields ? { type: 'object', fields: field.itemFields } : field.items ? asField(field.items) : undefined;
      return item ? value.flatMap((v, i) => checkValue(v, item, `${where}[${i}]`)) : [];
    }
    case 'object': {
      if (!isPlainObject(value)) return [wrongType(where, 'object', value)];
      const out: Violation[] = [];
      for (const [k, v] of Object.entries(value)) {
        const w = `${where}.${k}`;
        if (field.fields) {
          const sub = field.fields[k];
          if (sub) out.push(...checkValue(v, sub, w));
          else out.push(violation('kubelet', 'unknown-field', w, 'is not a field here: the kubelet drops it'));
        } else if (field.values) {
          out.push(...checkValue(v, asField(field.values, field.valueItems), w));
        }
      }
      return out;
    }
  }
}

/** A kubelet command-line flag as nodeadm and bootstrap.sh pass them on: `--name=value`. */
const FLAG_FORM = /^--[A-Za-z0-9][A-Za-z0-9-]*=/;

export function checkKubeletFlag(flag: unknown, where: string): Violation[] {
  if (typeof flag === 'string' && FLAG_FORM.test(flag)) return [];
  return [violation('kubelet', 'flag-form', where, `${describeValue(flag)} is not of the form --name=value`)];
}
