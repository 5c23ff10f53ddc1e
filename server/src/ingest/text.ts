// Strings are stored exactly as sent, so the few a database cannot hold are refused instead.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why this string cannot be stored as given, or undefined when it can. */
export function unstorableText(label: string, value: string): string | undefined {
  if (value.includes('\u0000')) return `${label} contains a NUL character (\\u0000), which cannot be stored`;
  if (LONE_SURROGATE.test(value)) return `${label} is not valid Unicode: it contains half of a surrogate pair`;
  return undefined;
}

/** Reasons for every string field of an item (and attribute names and values) that cannot be stored. */
export function unstorableFields(item: Record<string, unknown>): string[] {
  const reasons: string[] = [];
  for (const [field, value] of Object.entries(item)) {
    if (typeof value === 'string') {
      const reason = unstorableText(`"${field}"`, value);
      if (reason) reasons.push(reason);
    }
  }
  const attributes = item.attributes;
  if (attributes && typeof attributes === 'object' && !Array.isArray(attributes)) {
    for (const [key, value] of Object.entries(attributes)) {
      const keyReason = unstorableText(`attribute name ${JSON.stringify(key.slice(0, 40))}`, key);
      if (keyReason) reasons.push(keyReason);
      if (typeof value === 'string') {
        const valueReason = unstorableText(`attribute "${key}"`, value);
        if (valueReason) reasons.push(valueReason);
      }
    }
  }
  return reasons;
}

/**
 * The first string in a parsed request part (query, params, JSON body), or in any key of it,
 * that cannot be stored, as a reason naming where it is ("querystring.segment[0] contains a
 * NUL character..."). PostgreSQL refuses \u0000 in text, so such input must stop at the door.
 */
export function findUnstorableText(where: string, value: unknown, depth = 0): string | undefined {
  if (typeof value === 'string') return unstorableText(where, value);
  if (depth > 32 || value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const reason = findUnstorableText(`${where}[${i}]`, value[i], depth + 1);
      if (reason) return reason;
    }
    return undefined;
  }
  // Not a stream or bytes: a streamed upload body is judged line by line by the importer.
  if (typeof (value as { pipe?: unknown }).pipe === 'function' || ArrayBuffer.isView(value)) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const keyReason = unstorableText(`${where}: the name ${JSON.stringify(key.slice(0, 40))}`, key);
    if (keyReason) return keyReason;
    const reason = findUnstorableText(`${where}.${key}`, item, depth + 1);
    if (reason) return reason;
  }
  return undefined;
}
