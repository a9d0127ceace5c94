/**
 * Templates: compiled rule terms with holes for the rule's variables.
 *
 * A compiled rule keeps its terms as templates; entering the rule allocates a frame (one
 * slot per variable) and templates are built into runtime terms against it. Ground
 * sub-terms are stored as finished values and shared by every use, so building a
 * template costs nothing unless it has variables.
 *
 * INVARIANT: a frame slot is written at most once (HOLE -> value or fresh Var) and never
 * reset, so it needs no trail entry; bindings of the Var it holds are trailed instead.
 * @module
 */
import { Dict, DictPattern, InstancePattern, ListRest, Var } from "./terms.js";

/** An empty frame slot. */
export const HOLE: unique symbol = Symbol("hole");

/** One rule activation's variables. */
export type Frame = unknown[];

/** Allocate a frame of `size` empty slots. */
export function newFrame(size: number): Frame {
  const f = new Array<unknown>(size);
  for (let i = 0; i < size; i++) f[i] = HOLE;
  return f;
}

/** A template with holes; anything else in template position is a finished value. */
export abstract class Tmpl {
  abstract build(frame: Frame): unknown;
}

/** A rule variable: slot `index` of the frame. */
export class Slot extends Tmpl {
  constructor(
    readonly index: number,
    readonly name: string,
  ) {
    super();
  }
  build(frame: Frame): unknown {
    const v = frame[this.index];
    if (v !== HOLE) return v;
    const fresh = new Var(this.name);
    frame[this.index] = fresh;
    return fresh;
  }
}

/** A holder for a registered constant, so re-registering a name updates compiled rules. */
export interface ConstantCell {
  value: unknown;
  readonly name: string;
}

/** A reference to a registered constant or class. */
export class ConstRef extends Tmpl {
  constructor(readonly cell: ConstantCell) {
    super();
  }
  build(): unknown {
    return this.cell.value;
  }
}

/** A list with variables, optionally with a rest variable. */
export class TList extends Tmpl {
  constructor(
    readonly items: readonly unknown[],
    readonly rest: unknown,
  ) {
    super();
  }
  build(frame: Frame): unknown {
    const items = this.items.map((t) => build(t, frame));
    return this.rest === null ? items : new ListRest(items, build(this.rest, frame));
  }
}

/** A dictionary with variables (keys sorted). */
export class TDict extends Tmpl {
  constructor(
    readonly keys: readonly string[],
    readonly values: readonly unknown[],
  ) {
    super();
  }
  build(frame: Frame): unknown {
    return makeDict(
      this.keys,
      this.values.map((t) => build(t, frame)),
    );
  }
}

/** A dictionary pattern with variables. */
export class TDictPattern extends Tmpl {
  constructor(
    readonly keys: readonly string[],
    readonly values: readonly unknown[],
  ) {
    super();
  }
  build(frame: Frame): unknown {
    return new DictPattern(
      this.keys,
      this.values.map((t) => build(t, frame)),
    );
  }
}

/** An instance pattern with variables. */
export class TInstancePattern extends Tmpl {
  constructor(
    readonly tag: string,
    readonly keys: readonly string[],
    readonly values: readonly unknown[],
  ) {
    super();
  }
  build(frame: Frame): unknown {
    return new InstancePattern(
      this.tag,
      this.keys,
      this.values.map((t) => build(t, frame)),
    );
  }
}

/** Build a template against a frame. */
export function build(t: unknown, frame: Frame): unknown {
  return t instanceof Tmpl ? t.build(frame) : t;
}

/** A dict from sorted keys and values. */
export function makeDict(keys: readonly string[], values: readonly unknown[]): Dict {
  const d = new Dict();
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    // assignment would set the prototype for "__proto__"; define it as a plain key instead
    if (k === "__proto__")
      Object.defineProperty(d, k, { value: values[i], enumerable: true, writable: true });
    else d[k] = values[i];
  }
  return d;
}
