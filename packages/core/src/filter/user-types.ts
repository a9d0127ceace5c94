/**
 * The registered classes as data filtering sees them: one {@link UserType} per class
 * (Polar name, class, declared fields). Filled by `registerClass(Cls, { fields })`;
 * relations are checked when a filter is built or a relation is read, since the class a
 * `Relation` names may be registered after the one that declares it.
 * @module
 */
import { polarError } from "../errors.js";
import { Relation, type UserType } from "./types.js";

export class UserTypes {
  readonly byName = new Map<string, UserType>();
  private readonly byClass = new Map<unknown, UserType>();
  /**
   * Every name some type declares as a Relation: a lookup of any other name never reads
   * through the adapter, so lookups and the machine's scans check one Set first.
   */
  readonly relationNames = new Set<string>();

  /** Record a class's declared fields (`fields` as given to `registerClass`). */
  add(name: string, cls: Function, fields: Record<string, unknown> | Map<string, unknown> | undefined): void {
    const map = new Map<string, Function | Relation>();
    const entries = fields === undefined ? [] : fields instanceof Map ? [...fields] : Object.entries(fields);
    for (const [field, given] of entries) {
      if (typeof field !== "string") {
        throw polarError("invalid_argument", `registerClass(${name}): field names must be strings`);
      }
      const type = relationLike(given)
        ? new Relation(given.kind, given.otherType, given.myField, given.otherField)
        : given;
      if (type instanceof Relation) {
        checkRelation(name, field, type);
        this.relationNames.add(field);
      } else if (typeof type !== "function") {
        throw polarError(
          "invalid_argument",
          `registerClass(${name}): field \`${field}\` must be a class (String, Number, Boolean, a registered class...) or a Relation`,
        );
      }
      map.set(field, type as Function | Relation);
    }
    const type: UserType = { name, cls, fields: map };
    this.byName.set(name, type);
    this.byClass.set(cls, type);
  }

  /** The type of an application object, by its constructor. */
  ofValue(value: unknown): UserType | undefined {
    if (value === null || typeof value !== "object") return undefined;
    return this.byClass.get((value as object).constructor);
  }

  /** Does `value`'s class declare `name` as a Relation (read through the adapter, never the object)? */
  isRelationField(value: unknown, name: string): boolean {
    return this.relationNames.has(name) && this.ofValue(value)?.fields.get(name) instanceof Relation;
  }

  /** The type registered as `name` or for class `cls`, or an error naming it. */
  resolve(clsOrName: unknown, api: string): UserType {
    const type =
      typeof clsOrName === "string" ? this.byName.get(clsOrName) : this.byClass.get(clsOrName as object);
    if (type) return type;
    const shown =
      typeof clsOrName === "string"
        ? clsOrName
        : typeof clsOrName === "function"
          ? clsOrName.name || "an anonymous class"
          : String(clsOrName);
    throw polarError("unregistered_class_runtime", `${api}: ${shown} is not a registered class`, {
      hint: `Register it first: oso.registerClass(${shown}, { fields: {...} }).`,
    });
  }

  /**
   * Every Relation must name a registered class, and compare columns, not other Relations:
   * checked when a filter is built, once all classes are in. The compared fields need not
   * be declared (Oso's examples leave the foreign key out of `fields`).
   */
  validate(): void {
    for (const type of this.byName.values()) {
      for (const [field, rel] of type.fields) {
        if (!(rel instanceof Relation)) continue;
        const other = this.byName.get(rel.otherType);
        if (!other) {
          throw polarError(
            "data_filtering_configuration",
            `${type.name}.${field} is a Relation to ${rel.otherType}, which is not a registered class`,
            { hint: `Register ${rel.otherType} with oso.registerClass(..., { fields }) as well.` },
          );
        }
        for (const [t, f] of [
          [type, rel.myField],
          [other, rel.otherField],
        ] as const) {
          const declared = t.fields.get(f);
          if (declared instanceof Relation) {
            throw polarError(
              "data_filtering_configuration",
              `${type.name}.${field}: the Relation compares ${t.name}.${f}, which is itself a Relation, not a column`,
            );
          }
        }
      }
    }
  }
}

function checkRelation(type: string, field: string, rel: Relation): void {
  const where = `registerClass(${type}): Relation \`${field}\``;
  if (rel.kind !== "one" && rel.kind !== "many") {
    throw polarError("data_filtering_configuration", `${where}: the kind must be "one" or "many"`);
  }
  for (const [what, v] of [
    ["otherType", rel.otherType],
    ["myField", rel.myField],
    ["otherField", rel.otherField],
  ] as const) {
    if (typeof v !== "string" || v === "") {
      throw polarError("data_filtering_configuration", `${where}: ${what} must be a non-empty string`);
    }
  }
}

/**
 * An object with a Relation's four properties (Oso's own `Relation` class, from an
 * application that kept its import) counts as one.
 */
function relationLike(v: unknown): v is Relation {
  if (v instanceof Relation || typeof v !== "object" || v === null) return false;
  const r = v as Record<string, unknown>;
  return ["kind", "otherType", "myField", "otherField"].every((k) => typeof r[k] === "string");
}
