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
import { polarError } from "../errors.js";
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
  /** Set when the constant was registered as a Promise that rejected: using it is an error. */
  rejected?: { readonly reason: unknown } | undefined;
}

/** A reference to a registered constant or class. */
export class ConstRef extends Tmpl {
  constructor(readonly cell: ConstantCell) {
    super();
  }
  build(): unknown {
    const rejected = this.cell.rejected;
    // a rejected Promise is no value: a policy reading it must fail, never see a Promise
    // whose fields all look absent (which `not` would turn into an allow)
    if (rejected !== undefined) throw rejectedConstant(this.cell.name, rejected.reason);
    return this.cell.value;
  }
}

function rejectedConstant(name: string, reason: unknown) {
  const message = reason instanceof Error ? reason.message : String(reason);
  return polarError(
    "application_error",
    `Application error: the constant ${name} was registered as a Promise that rejected: ${message}`,
    { cause: reason },
  );
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

/**
 * Ground list and dict literals of compiled rules, shared by every use of the rule. They
 * are frozen, and {@link isLiteral} lets the host boundary hand the application a copy,
 * so nothing the application does can change a loaded policy.
 */
const literals = new WeakSet<object>();

/** Mark a ground list or dict of a compiled rule as a shared, immutable literal. */
export function literal<T extends object>(value: T): T {
  literals.add(Object.freeze(value));
  return value;
}

/** Is this a shared literal of a compiled rule (see {@link literal})? */
export function isLiteral(value: object): boolean {
  return literals.has(value);
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
