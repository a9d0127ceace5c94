/**
 * Polar-syntax printing of runtime values, for messages and `print(...)`.
 * @module
 */
import {
  Dict,
  DictPattern,
  dictKeys,
  Expression,
  InstancePattern,
  ListRest,
  Predicate,
  UNBOUND,
  Var,
} from "./terms.js";

/** Print a runtime term; host instances are shown through `repr`. */
export function printValue(v: unknown, repr: (v: unknown) => string, depth = 0): string {
  if (depth > 20) return "...";
  const p = (x: unknown) => printValue(x, repr, depth + 1);
  if (v instanceof Var) return v.ref === UNBOUND ? v.name : p(v.ref);
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
      return Number.isNaN(v) ? "nan" : v === Infinity ? "inf" : v === -Infinity ? "-inf" : String(v);
    case "bigint":
    case "boolean":
      return String(v);
  }
  if (Array.isArray(v)) return `[${v.map(p).join(", ")}]`;
  if (v instanceof ListRest) return `[${[...v.items.map(p), `*${p(v.rest)}`].join(", ")}]`;
  if (v instanceof Dict)
    return `{${dictKeys(v)
      .map((k) => `${k}: ${p(v[k])}`)
      .join(", ")}}`;
  if (v instanceof DictPattern) return `{${v.keys.map((k, i) => `${k}: ${p(v.values[i])}`).join(", ")}}`;
  if (v instanceof InstancePattern)
    return `${v.tag}{${v.keys.map((k, i) => `${k}: ${p(v.values[i])}`).join(", ")}}`;
  if (v instanceof Predicate) return `${v.name}(${v.args.map(p).join(", ")})`;
  if (v instanceof Expression) return `${v.operator}(${v.args.map(p).join(", ")})`;
  return repr(v);
}
