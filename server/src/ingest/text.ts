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
