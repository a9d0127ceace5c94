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
  // Written straight into the instance when there is no fromRow (one object per row, not
  // three: a list can be thousands of rows). Assignment runs a prototype's setter as
  // Object.assign did.
  const out: Record<string, unknown> = type.fromRow
    ? {}
    : Object.create(type.userType.cls.prototype as object);
  const declared = type.userType.fields;
  for (const column of Object.keys(row)) {
    const field = type.fieldOfColumn(column);
    const value = row[column];
    out[field] = declared.get(field) === Boolean ? toBoolean(value) : value;
  }
  return type.fromRow ? type.fromRow(out) : out;
}

function toBoolean(value: unknown): unknown {
  if (value === 0 || value === 0n) return false;
  if (value === 1 || value === 1n) return true;
  return value;
}
