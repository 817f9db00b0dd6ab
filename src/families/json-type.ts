/** The JSON types the settings contracts name. */
/** Whether a JSON value is of a JSON Schema primitive type (integer: a whole number). */
export function isJsonType(value: unknown, type: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array'): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      // JSON has no Infinity or NaN (JSON.parse reads 1e400 as Infinity; JSON.stringify writes it as null).
      return typeof value === 'number' && Number.isFinite(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    default:
      return typeof value === type;
  }
}

/** `record[key]` when it is the record's own entry: data read from JSON must not answer for `constructor` or `toString`. */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
