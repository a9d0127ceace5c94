/**
 * A constraint of the machine: a goal (with its frame) waiting for a variable to be
 * bound. Binding the variable wakes it (see `Bindings.woken`); the machine then runs the
 * goal next, in that frame.
 * @module
 */
import type { Goal } from "./goals.js";
import type { HostPort } from "./host-port.js";
import { printValue } from "./print-value.js";
import type { Frame } from "./templates.js";
import type { Constraint } from "./terms.js";

export class Frozen implements Constraint {
  readonly goals: readonly Goal[];
  constructor(
    readonly goal: Goal,
    readonly frame: Frame,
    private readonly host: HostPort,
  ) {
    this.goals = [goal];
  }
  describe = (): string => {
    const g = this.goal;
    return g.node
      ? g.node.span.source.text.slice(g.node.span.start, g.node.span.end)
      : printValue(g.b, this.host.repr);
  };
}
