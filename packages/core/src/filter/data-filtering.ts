/**
 * Data filtering's side of `Oso`: the registered types, the adapter, building a filter for
 * `allow(actor, action, <rows of a class>)`, and reading Relation fields in decisions.
 * @module
 */

import { MISSING } from "../engine/host-port.js";
import type { KnowledgeBase } from "../engine/kb.js";
import type { Limits } from "../engine/limits.js";
import { isPolarError, polarError } from "../errors.js";
import type { Host } from "../host/host.js";
import { PartialEvaluator } from "./partial.js";
import { toFilter } from "./to-filter.js";
import { type Adapter, type Filter, Relation } from "./types.js";
import { UserTypes } from "./user-types.js";

export class DataFiltering {
  readonly types = new UserTypes();
  private adapter: Adapter | null = null;

  constructor(
    private readonly kb: KnowledgeBase,
    private readonly host: Host,
    private readonly limits: Limits,
  ) {
    host.relations = {
      names: this.types.relationNames,
      declared: (receiver, name) => this.types.isRelationField(receiver, name),
      read: (receiver, name) => this.relationField(receiver, name),
    };
  }

  setAdapter(adapter: Adapter): void {
    if (
      typeof adapter !== "object" ||
      adapter === null ||
      typeof adapter.buildQuery !== "function" ||
      typeof adapter.executeQuery !== "function"
    ) {
      throw polarError(
        "invalid_argument",
        "setDataFilteringAdapter() takes an object with buildQuery(filter) and executeQuery(query) methods",
      );
    }
    this.adapter = adapter;
  }

  requireAdapter(api: string): Adapter {
    if (this.adapter === null) {
      throw polarError("data_filtering_configuration", `${api}: no data filtering adapter is set`, {
        hint: "Call oso.setDataFilteringAdapter(adapter) first (arrayAdapter for in-memory rows, @oso-ts/kysely for SQL).",
      });
    }
    return this.adapter;
  }

  /** The filter of the rows of `clsOrName` on which `allow(actor, action, row)` holds. */
  async filter(actor: unknown, action: unknown, clsOrName: unknown, api: string): Promise<Filter> {
    const type = this.types.resolve(clsOrName, api);
    this.types.validate();
    await this.host.pendingConstants();
    const [a, x] = await Promise.all([actor, action]);
    if (this.adapter?.capabilities?.relationSubqueries === true) {
      try {
        return await this.evaluate(type.name, a, x, true);
      } catch (e) {
        // the rows kept symbolic were used in a way the filter cannot say (a method call
        // on one, one passed to the application, `not` over the membership...): evaluate
        // again fetching them, which is today's filter or today's error, never a wrong one.
        // A limit, or an error of the application or the adapter, is the caller's as it is:
        // retrying would double the time past a timeout, or repeat the failing call.
        if (!retryFetching(e)) throw e;
      }
    }
    return this.evaluate(type.name, a, x, false);
  }

  private async evaluate(
    model: string,
    actor: unknown,
    action: unknown,
    subqueries: boolean,
  ): Promise<Filter> {
    const evaluator = new PartialEvaluator(
      {
        kb: this.kb,
        host: this.host,
        types: this.types,
        maxSteps: this.limits.maxSteps,
        maxDepth: this.limits.maxDepth,
        timeoutMs: this.limits.timeoutMs,
        relationSubqueries: subqueries,
      },
      model,
    );
    const residual = await evaluator.residual("allow", [actor, action, evaluator.root]);
    return toFilter(residual, this.types);
  }

  /** `receiver.name` for a declared Relation: the related row ("one") or rows ("many"), through the adapter. */
  private relationField(receiver: unknown, name: string): unknown {
    const type = this.types.ofValue(receiver);
    const rel = type?.fields.get(name);
    if (!(rel instanceof Relation)) return MISSING;
    const key = (receiver as Record<string, unknown>)[rel.myField];
    // no key, no related row (as a join finds none): nil for "one" (a folder at the root has
    // no parent), an empty list for "many"
    if (key === null || key === undefined) return rel.kind === "one" ? null : [];
    const adapter = this.requireAdapter(`Reading the Relation ${type!.name}.${name}`);
    this.types.validate();
    const filter: Filter = {
      model: rel.otherType,
      relations: [],
      conditions: [
        [
          {
            lhs: { typeName: rel.otherType, fieldName: rel.otherField },
            cmp: "Eq",
            rhs: { value: key },
          },
        ],
      ],
      types: this.types.byName,
    };
    return (async () => {
      const rows = await adapter.executeQuery(await adapter.buildQuery(filter));
      if (!Array.isArray(rows)) {
        throw polarError(
          "data_filtering_configuration",
          "The adapter's executeQuery() must resolve to an array",
        );
      }
      if (rel.kind === "many") return rows;
      if (rows.length !== 1) {
        throw polarError(
          "relation_cardinality",
          `Wrong number of parents: ${rows.length} (${type!.name}.${name} is a "one" Relation to ${rel.otherType})`,
        );
      }
      return rows[0];
    })();
  }
}

/** Errors after which the symbolic attempt is retried with the rows fetched. */
function retryFetching(e: unknown): boolean {
  if (!isPolarError(e)) return false;
  return !NO_RETRY.has(e.code);
}

const NO_RETRY: ReadonlySet<string> = new Set([
  "query_timeout",
  "step_limit",
  "stack_overflow",
  "application_error",
  "host_value_too_large",
]);
