/**
 * A row as an instance of its registered class: the policy reads fields and `Relation`
 * fields of the objects `executeQuery` returns, and `matches Repo` needs the class.
 * @module
 */
import type { ResolvedType } from "./options.js";

/**
 * The instance for `row`: columns renamed back to field names, `Boolean` fields turned from
 * SQLite's 0/1 into booleans, then `fromRow` (when the type has one) or an object with the
 * class's prototype and the row's properties (the constructor does not run).
 */
export function instanceOf(type: ResolvedType, row: Record<string, unknown>): object {
  const fields: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    const field = type.fieldOfColumn(column);
    fields[field] = type.userType.fields.get(field) === Boolean ? toBoolean(value) : value;
  }
  if (type.fromRow) return type.fromRow(fields);
  return Object.assign(Object.create(type.userType.cls.prototype as object), fields);
}

function toBoolean(value: unknown): unknown {
  if (value === 0 || value === 0n) return false;
  if (value === 1 || value === 1n) return true;
  return value;
}
