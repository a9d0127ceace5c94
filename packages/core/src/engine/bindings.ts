/**
 * Variable bindings and the trail that undoes them on backtracking.
 * @module
 */
import { type Constraint, UNBOUND, Var } from "./terms.js";

/** A trail entry that restores a variable's constraint list. */
class ConstraintUndo {
  constructor(
    readonly v: Var,
    readonly previous: Constraint[] | null,
  ) {}
}

/**
 * The binding store of one query: every binding is recorded so that backtracking to a
 * choice point undoes exactly what happened after it.
 */
export class Bindings {
  readonly trail: (Var | ConstraintUndo)[] = [];
  /** Constraints whose variable got bound by the current goal, to be re-checked next. */
  woken: Constraint[] | null = null;

  /** Bind unbound `v` to `t` (which is dereferenced and not `v` itself). */
  bind(v: Var, t: unknown): void {
    v.ref = t;
    this.trail.push(v);
    const cs = v.constraints;
    if (cs === null) return;
    if (t instanceof Var) {
      // aliasing two unbound variables: the constraints now wait on the other one
      this.addConstraints(t, cs);
    } else {
      this.woken = this.woken === null ? cs.slice() : this.woken.concat(cs);
    }
  }

  /** Attach constraints to an unbound variable (undone on backtracking). */
  addConstraints(v: Var, cs: readonly Constraint[]): void {
    this.trail.push(new ConstraintUndo(v, v.constraints));
    v.constraints = v.constraints === null ? cs.slice() : v.constraints.concat(cs);
  }

  /** Undo every binding made since the trail had length `mark`. */
  undo(mark: number): void {
    const trail = this.trail;
    // pop() rather than setting `length`: shrinking through `length` is a slow path in V8
    while (trail.length > mark) {
      const e = trail.pop()!;
      if (e instanceof Var) e.ref = UNBOUND;
      else e.v.constraints = e.previous;
    }
  }
}
