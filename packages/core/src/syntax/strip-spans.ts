/**
 * Comparing syntax trees without their positions, for tests and round-trip checks.
 * @module
 */
import { byKey } from "./print.js";

const SPAN_KEYS = new Set(["span", "keySpan", "tagSpan", "nameSpan", "headSpan"]);
const FIELD_KINDS = new Set(["dict", "dict-pattern", "instance-pattern"]);

/**
 * A deep copy of `value` without spans. With `sortFields`, the fields of dicts and patterns
 * are sorted by key, since their order carries no meaning (the printer sorts them).
 */
export function stripSpans(value: unknown, options: { sortFields?: boolean } = {}): unknown {
  if (Array.isArray(value)) return value.map((v) => stripSpans(v, options));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!SPAN_KEYS.has(key)) out[key] = stripSpans(v, options);
  }
  if (options.sortFields && FIELD_KINDS.has(out.kind as string) && Array.isArray(out.fields)) {
    out.fields = [...(out.fields as { key: string }[])].sort(byKey);
  }
  return out;
}
