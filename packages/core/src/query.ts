/**
 * Running a query: drive the machine (awaiting host Promises, or refusing them in the sync
 * API), and turn each solution into a `Map` of the query's variables.
 * @module
 */
import { toHost } from "./engine/lookups.js";
import { type Machine, RUN_DONE, RUN_SOLUTION } from "./engine/machine.js";
import { rebuild } from "./engine/rebuild.js";
import { HOLE } from "./engine/templates.js";
import { Dict, deref, Expression, Var, Variable } from "./engine/terms.js";
import { applicationError, isPolarError, polarError } from "./errors.js";

/** Options of `query` and `queryRule`. */
export interface QueryOptions {
  /**
   * Return constraints left on a query variable (`x > 1` with `x` unbound) as
   * {@link Expression} values instead of throwing `unexpected_expression`.
   */
  acceptExpression?: boolean;
  /** Values for variables of the query text, by name. */
  bindings?: Map<string, unknown> | Record<string, unknown>;
}

/** A variable of a query, and how to read its value. */
export interface QueryVariable {
  readonly name: string;
  readonly read: () => unknown;
}

/** One solution: a value per query variable. */
export type Solution = Map<string, unknown>;

/** A started query: its machine and the variables whose values make up a solution. */
export class QueryRun {
  private finished = false;
  private atStart = true;

  /**
   * @param variables the query's variables and how to read them (unbound ones are reported
   *   as {@link Variable}s; those the solution never reached are left out).
   * @param setup work to finish before the first step (awaiting Promise arguments).
   */
  constructor(
    private readonly machine: Machine,
    private readonly variables: readonly QueryVariable[],
    private readonly acceptExpression: boolean,
    private setup: (() => Promise<void>) | null = null,
  ) {}

  /** Advance to the next solution; false when there are no more. */
  async next(): Promise<boolean> {
    if (this.setup !== null) {
      const setup = this.setup;
      this.setup = null;
      try {
        await this.machine.waitForHost(setup());
      } catch (e) {
        this.finished = true;
        // a Promise argument that rejected is the application's error, as a host method's is
        throw isPolarError(e) ? e : applicationError(e);
      }
    }
    return this.step();
  }

  /**
   * Advance to the next solution: synchronously (a boolean) when no host call returned a
   * Promise, else a Promise of the answer. The hot path of decisions: no Promise at all
   * when the policy only touches plain values.
   */
  step(): boolean | Promise<boolean> {
    if (this.finished) return false;
    if (this.setup !== null) return this.next();
    const answer = this.advance();
    return answer ?? this.afterWaits();
  }

  /** Run the machine to its next stop: the answer, or null when it waits for the host. */
  private advance(): boolean | null {
    if (!this.atStart) this.machine.retry();
    this.atStart = false;
    return this.outcome(this.machine.run());
  }

  /** The answer for a `run()` result: true (a solution), false (no more), or null (waiting). */
  private outcome(r: number): boolean | null {
    if (r === RUN_SOLUTION) {
      this.checkConstraints();
      return true;
    }
    if (r === RUN_DONE) {
      this.finished = true;
      return false;
    }
    return null;
  }

  /** Wait for the host as often as the machine asks, until an answer. */
  private async afterWaits(): Promise<boolean> {
    const m = this.machine;
    for (;;) {
      try {
        m.resume(await m.waitForHost());
      } catch (e) {
        m.resumeError(e);
      }
      m.checkDeadline();
      const answer = this.outcome(m.run());
      if (answer !== null) return answer;
    }
  }

  /**
   * The first answer, after which the query is closed: a decision needs one solution, and
   * host iterators the rest would have used are closed now rather than left open.
   */
  first(): boolean | Promise<boolean> {
    let answer: boolean | Promise<boolean>;
    try {
      answer = this.step();
    } catch (e) {
      this.close();
      throw e;
    }
    if (typeof answer === "boolean") {
      this.close();
      return answer;
    }
    return answer.then(
      (ok) => {
        this.close();
        return ok;
      },
      (e: unknown) => {
        this.close();
        throw e;
      },
    );
  }

  /** The synchronous twin of {@link first}. */
  firstSync(): boolean {
    try {
      return this.nextSync();
    } finally {
      this.close();
    }
  }

  /** Stop: no more solutions; host iterators still open are closed. */
  close(): void {
    this.finished = true;
    this.setup = null;
    this.machine.close();
  }

  /** Advance to the next solution without waiting; throws `async_in_sync` if a host call returns a Promise. */
  nextSync(): boolean {
    if (this.finished) return false;
    if (this.setup !== null) {
      this.finished = true;
      throw polarError(
        "async_in_sync",
        "A query argument or constant is a Promise; use the async API (isAllowed, query) instead",
      );
    }
    const answer = this.advance();
    if (answer !== null) return answer;
    // nobody will wait for it; keep a rejection from becoming an unhandled one
    Promise.resolve(this.machine.pending).catch(() => {});
    this.finished = true;
    throw polarError(
      "async_in_sync",
      "A host call returned a Promise during a synchronous query; use the async API (isAllowed, query) instead",
    );
  }

  /** The current solution's variables. */
  solution(): Solution {
    // a value built by a long recursion is as long to convert: the query's deadline holds
    return this.machine.timed(() => this.readSolution());
  }

  private readSolution(): Solution {
    const out = new Map<string, unknown>();
    for (const { name, read } of this.variables) {
      if (name.startsWith("_")) continue;
      const raw = read();
      // a variable of the query text that this solution never reached (`x = 1 or y = 2`)
      if (raw === HOLE) continue;
      const v = deref(raw);
      out.set(
        name,
        v instanceof Var && v.constraints !== null && this.acceptExpression ? expressionOf(v) : toHost(v),
      );
    }
    return out;
  }

  /** A solution must not rely on constraints nobody checked (that would allow without proof). */
  private checkConstraints(): void {
    for (const v of this.machine.frozen ?? []) {
      const d = deref(v);
      if (!(d instanceof Var) || d.constraints === null) continue;
      const named = this.variables.some(({ read }) => deref(read()) === d);
      if (named && this.acceptExpression) continue;
      const expr = d.constraints.map((c) => c.describe()).join(" and ");
      if (named) {
        throw polarError(
          "unexpected_expression",
          `Received an expression for an unbound variable: ${expr}. Did you perform an operation over an unbound variable in your policy?`,
          { hint: "Query with { acceptExpression: true } to receive the constraint instead." },
        );
      }
      throw polarError(
        "unhandled_partial",
        `Found an unhandled partial in the query result: ${d.name}. The expression is: ${expr}`,
        { hint: "A comparison or lookup ran on a variable that was never bound; bind it first." },
      );
    }
  }
}

function expressionOf(v: Var): Expression {
  const parts = (v.constraints ?? []).map((c) => c.describe());
  return new Expression("And", parts);
}

/**
 * Arguments from the application as terms: {@link Variable}s become logic variables
 * (one per name, shared across the arguments), everything else is used as it is.
 */
export function fromHost(value: unknown, vars: Map<string, Var>): unknown {
  // the common case (an actor, a resource): nothing to convert, nothing to allocate
  if (!(value instanceof Variable) && !Array.isArray(value) && !(value instanceof Dict)) return value;
  const leaf = (v: unknown): unknown => {
    if (!(v instanceof Variable)) return v;
    let found = vars.get(v.name);
    if (!found) {
      found = new Var(v.name);
      vars.set(v.name, found);
    }
    return found;
  };
  return rebuild(value, leaf, () => false, "An argument");
}
