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
      // as Oso prints them: quoted, not re-escaped
      return `"${v}"`;
    case "number":
      return printNumber(v);
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

/** A number as Oso (Rust's `Display`) prints it: never in exponent notation. */
export function printNumber(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Number.POSITIVE_INFINITY) return "inf";
  if (n === Number.NEGATIVE_INFINITY) return "-inf";
  if (Object.is(n, -0)) return "-0";
  const s = String(n);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, int = "", frac = "", exp = "0"] = m;
  const digits = int + frac;
  const point = int.length + Number(exp);
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + "0".repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
