/**
 * Short descriptions of host values for messages (`User { name: 'alice' }`).
 * No dependency on Node's `util`, so the core stays usable outside Node.
 * @module
 */

/** Describe a value in one line. */
export function repr(v: unknown, depth = 0, quoteStrings = false): string {
  switch (typeof v) {
    case "string":
      return depth === 0 && !quoteStrings ? v : `'${v}'`;
    case "number":
    case "boolean":
    case "undefined":
      return String(v);
    case "bigint":
      return `${v}n`;
    case "symbol":
      return v.toString();
    case "function": {
      const name = (v as { name?: string }).name || "anonymous";
      return /^class[\s{]/.test(Function.prototype.toString.call(v))
        ? `[class ${name}]`
        : `[Function: ${name}]`;
    }
  }
  if (v === null) return "null";
  if (depth > 2) return Array.isArray(v) ? "[Array]" : "[Object]";
  if (Array.isArray(v)) {
    const items = v.slice(0, 6).map((x) => repr(x, depth + 1));
    if (v.length > 6) items.push(`... ${v.length - 6} more`);
    return `[ ${items.join(", ")} ]`;
  }
  let name = "Object";
  try {
    const proto = Object.getPrototypeOf(v);
    name = proto === null ? "[Object: null prototype]" : (proto.constructor?.name ?? "Object");
  } catch {
    // exotic objects (proxies) may refuse; the generic name will do
  }
  let keys: string[] = [];
  try {
    keys = Object.keys(v as object);
  } catch {
    keys = [];
  }
  const fields = keys.slice(0, 6).map((k) => {
    let value: string;
    try {
      value = repr((v as Record<string, unknown>)[k], depth + 1);
    } catch {
      value = "[Getter]";
    }
    return `${k}: ${value}`;
  });
  if (keys.length > 6) fields.push("...");
  const body = fields.length === 0 ? "{}" : `{ ${fields.join(", ")} }`;
  return name === "Object" ? body : `${name} ${body}`;
}
