/**
 * `record[key]` only when `key` is the record's own: text from a policy or a template used as a key
 * (a principal `constructor`, a resource of `Type: toString`) otherwise reaches Object.prototype.
 */
export function ownEntry<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
