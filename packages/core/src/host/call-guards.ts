/**
 * What a policy may hand to application code, and which built-ins it may not call.
 *
 * Three rules, enforced on every host method call and `new` (see {@link Host}):
 * - **No function value crosses into a call.** A callback runs with a `this` of the caller's
 *   choosing (`[1].map(f)`, `"a".replace("a", f)`, `map.forEach(f, receiver)`), and a
 *   sloppy-mode function given no receiver runs with `globalThis`. So no argument may be a
 *   function (a registered class included), nor hold one anywhere in its lists and dicts;
 *   a list or dict receiver may not hold one either (`{m: obj.method}.m()`,
 *   `[{toString: f}].join()` would run it with the dict as `this`). A method is therefore
 *   only ever run on the object it was read from.
 * - **Decisions are read-only.** The built-in mutators of arrays, Maps, Sets, WeakMaps,
 *   WeakSets, Dates, typed arrays, DataViews and ArrayBuffers, and the mutating statics of
 *   `Object`, `Reflect` and `Atomics` (reachable only when an application registers them),
 *   are refused, by identity: a subclass reaching `Array.prototype.push` is refused, an
 *   application's own method (even one named `add`) is not.
 * - **Bounded size.** What a call receives (the receiver and the arguments, lists and dicts
 *   counted with every nested element, a shared part as often as it is reached) is at most
 *   `maxHostValueSize`, and the built-ins that allocate far more than they receive
 *   (`repeat`, `padStart`, `padEnd`, `join`, `replaceAll`, `Array.from` of an array-like,
 *   `new Array(n)`, typed array constructors) are checked against the size they would build.
 * @module
 */
import { Dict, Internal } from "../engine/terms.js";
import { polarError } from "../errors.js";

/** Why a built-in is refused: it changes state, or it runs code with a receiver of our choosing. */
const READ_ONLY = 1;
const CHOOSES_RECEIVER = 2;
const PROTOTYPE = 3;

/** Refused built-ins, by identity, with their name for messages. */
const REFUSED = new Map<unknown, { name: string; why: number }>();

/** Built-ins that build more than they receive: the size of what they would build. */
const AMPLIFIERS = new Map<unknown, (receiver: unknown, args: readonly unknown[]) => number>();

type Owner = Record<string, unknown> | undefined;

function refuse(owner: Owner, label: string, names: readonly string[] | RegExp, why = READ_ONLY): void {
  if (owner === undefined || owner === null) return;
  const list =
    names instanceof RegExp ? Object.getOwnPropertyNames(owner).filter((n) => names.test(n)) : names;
  for (const name of list) {
    const d = Object.getOwnPropertyDescriptor(owner, name);
    if (d !== undefined && typeof d.value === "function")
      REFUSED.set(d.value, { name: `${label}.${name}`, why });
  }
}

function proto(ctor: unknown): Owner {
  return typeof ctor === "function" ? (ctor.prototype as Owner) : undefined;
}

const g = globalThis as unknown as Record<string, unknown>;
const TypedArray = Object.getPrototypeOf(Uint8Array) as unknown;

refuse(proto(Array), "Array.prototype", [
  "push",
  "pop",
  "shift",
  "unshift",
  "splice",
  "fill",
  "copyWithin",
  "sort",
  "reverse",
]);
refuse(proto(TypedArray), "TypedArray.prototype", ["set", "fill", "copyWithin", "sort", "reverse"]);
refuse(proto(Map), "Map.prototype", ["set", "delete", "clear"]);
refuse(proto(Set), "Set.prototype", ["add", "delete", "clear"]);
refuse(proto(WeakMap), "WeakMap.prototype", ["set", "delete"]);
refuse(proto(WeakSet), "WeakSet.prototype", ["add", "delete"]);
refuse(proto(Date), "Date.prototype", /^set/);
refuse(proto(DataView), "DataView.prototype", /^set/);
refuse(proto(ArrayBuffer), "ArrayBuffer.prototype", ["resize", "transfer", "transferToFixedLength"]);
refuse(proto(g.SharedArrayBuffer), "SharedArrayBuffer.prototype", ["grow"]);
refuse(proto(RegExp), "RegExp.prototype", ["compile"]);
refuse(proto(g.FinalizationRegistry), "FinalizationRegistry.prototype", ["register", "unregister"]);
// Node's Buffer overrides some typed array methods and adds its own writers
refuse(proto(g.Buffer), "Buffer.prototype", /^(write|fill$|swap)/);
refuse(Object as unknown as Owner, "Object", [
  "assign",
  "defineProperty",
  "defineProperties",
  "setPrototypeOf",
  "freeze",
  "seal",
  "preventExtensions",
]);
refuse(Reflect as unknown as Owner, "Reflect", [
  "set",
  "defineProperty",
  "deleteProperty",
  "setPrototypeOf",
  "preventExtensions",
]);
// a getter or function run with a receiver (or `this`) given as an argument, or a getter
// handed out detached from its object (`desc.get()` would run it on the descriptor)
refuse(
  Reflect as unknown as Owner,
  "Reflect",
  ["get", "apply", "construct", "getOwnPropertyDescriptor"],
  CHOOSES_RECEIVER,
);
refuse(
  Object as unknown as Owner,
  "Object",
  ["getOwnPropertyDescriptor", "getOwnPropertyDescriptors"],
  CHOOSES_RECEIVER,
);
// the prototype chain, which lookups refuse by name (`__proto__`)
refuse(Object as unknown as Owner, "Object", ["getPrototypeOf"], PROTOTYPE);
refuse(Reflect as unknown as Owner, "Reflect", ["getPrototypeOf"], PROTOTYPE);
refuse(g.Atomics as Owner, "Atomics", [
  "add",
  "and",
  "compareExchange",
  "exchange",
  "or",
  "store",
  "sub",
  "xor",
  "wait",
  "waitAsync",
  "notify",
]);

/** A count as the built-ins read it (they convert strings: `"a".repeat("1e9")`). */
const num = (v: unknown): number => {
  if (typeof v === "number") return v;
  return typeof v === "bigint" || typeof v === "string" ? Number(v) : 0;
};
const len = (v: unknown): number => (typeof v === "string" || Array.isArray(v) ? v.length : 0);

/** The length of an array-like (`{length: n}`), or of a Set or Map, without running its iterator. */
function lengthOf(v: unknown): number {
  if (v instanceof Set || v instanceof Map) return v.size;
  if ((typeof v === "object" && v !== null) || typeof v === "string") {
    return num((v as { length?: unknown }).length);
  }
  return 0;
}

const stringProto = String.prototype as unknown as Record<string, unknown>;
AMPLIFIERS.set(stringProto.repeat, (s, [n]) => len(s) * num(n));
AMPLIFIERS.set(stringProto.padStart, (_s, [n]) => num(n));
AMPLIFIERS.set(stringProto.padEnd, (_s, [n]) => num(n));
// every match is replaced by the replacement: at most one match per position, plus one
const replacedAll = (s: unknown, [, by]: readonly unknown[]) => (len(s) + 1) * Math.max(1, len(by));
AMPLIFIERS.set(stringProto.replaceAll, replacedAll);
// `replace` replaces one match, unless the pattern is a global regular expression
AMPLIFIERS.set(stringProto.replace, (s, args) =>
  args[0] instanceof RegExp && args[0].global ? replacedAll(s, args) : len(s) + len(args[1]),
);
// the separator is written between every two elements
AMPLIFIERS.set(Array.prototype.join, (a, [sep]) => len(a) * Math.max(1, len(sep)));
AMPLIFIERS.set(Array.from, (_a, [source]) => lengthOf(source));
AMPLIFIERS.set((TypedArray as { from: unknown }).from, (_a, [source]) => lengthOf(source));

/** Constructors that allocate from a number: `new Array(n)`, `new Uint8Array(n)`, `new ArrayBuffer(n)`. */
const SIZED_CONSTRUCTORS = new Set<unknown>([Array, ArrayBuffer, g.SharedArrayBuffer]);
for (const name of Object.getOwnPropertyNames(g)) {
  if (/^(Big)?(Int|Uint|Float)(8|16|32|64)(Clamped)?Array$/.test(name)) SIZED_CONSTRUCTORS.add(g[name]);
}

/** Every refused or size-checked built-in (one lookup on the common path). */
const GUARDED = new Set<unknown>([...REFUSED.keys(), ...AMPLIFIERS.keys()]);

let lastUnguarded: unknown = null;

/** True when calls to `f` must go through {@link checkCall} (fast paths must not call it directly). */
export function isGuarded(f: unknown): boolean {
  return GUARDED.has(f);
}

/**
 * Refuse a call of `f` on `receiver` with `args` that would break one of the three rules.
 * `name` is the method name the policy wrote.
 */
export function checkCall(
  f: unknown,
  receiver: unknown,
  name: string,
  args: readonly unknown[],
  max: number,
): void {
  // a hot loop calls the same method again and again: remember the last one found unguarded
  if (f === lastUnguarded || !GUARDED.has(f)) {
    lastUnguarded = f;
    checkOutgoing(receiver, args, max);
    return;
  }
  const refused = REFUSED.get(f);
  if (refused !== undefined) {
    if (refused.why === READ_ONLY) {
      throw polarError(
        "read_only",
        `Calling \`${name}\` (${refused.name}) is not allowed: decisions are read-only, a policy cannot change application state`,
        { hint: "Compute a new value instead (toSorted, toReversed, toSpliced, with, concat, slice)." },
      );
    }
    if (refused.why === PROTOTYPE) {
      throw polarError(
        "forbidden_lookup_runtime",
        `Calling \`${name}\` (${refused.name}) is not allowed: it reaches the prototype chain`,
      );
    }
    throw functionValueError(
      `Calling \`${name}\` (${refused.name}) would run code with a receiver of the policy's choosing`,
    );
  }
  checkOutgoing(receiver, args, max);
  const amplifier = AMPLIFIERS.get(f);
  if (amplifier !== undefined) {
    const size = amplifier(receiver, args);
    if (size > max) throw tooLarge(`\`${name}\` would build a value of about ${size} elements`, max);
  }
}

/** `new C(...args)`: the argument rules of {@link checkCall}, and the size of what C allocates. */
export function checkConstruct(cls: unknown, name: string, args: readonly unknown[], max: number): void {
  checkOutgoing(undefined, args, max);
  if (SIZED_CONSTRUCTORS.has(cls) && num(args[0]) > max) {
    throw tooLarge(`\`new ${name}(${num(args[0])})\` would allocate more than the bound`, max);
  }
}

/**
 * The receiver and the arguments of a call: no function value as an argument or inside a
 * list or dict, and their expanded size at most `max`.
 */
export function checkOutgoing(receiver: unknown, args: readonly unknown[], max: number): void {
  // the common call (a few primitives and application objects) allocates nothing
  let counter: SizeCounter | null = null;
  let total = 0;
  for (let i = -1; i < args.length; i++) {
    const v = i < 0 ? receiver : args[i];
    if (typeof v === "string") total += v.length;
    else if (typeof v === "object" && v !== null && (Array.isArray(v) || v instanceof Dict)) {
      counter ??= new SizeCounter(max);
      total += counter.size(v);
    } else if (typeof v === "function" && i >= 0) {
      throw functionValueError("A function value cannot be passed to application code");
    } else total++;
  }
  if (total > max) throw tooLarge("The values handed to the application are too large", max);
}

/** Expanded sizes of values: a string's length, a list's or dict's elements counted with theirs. */
class SizeCounter {
  /** Sizes of containers met before: a shared part is counted each time, but walked once. */
  private memo: Map<object, number> | null = null;
  private depth = 0;

  constructor(private readonly max: number) {}

  size(v: unknown): number {
    if (typeof v === "string") return v.length;
    if (typeof v !== "object" || v === null) return 1;
    const isList = Array.isArray(v);
    if (!isList && !(v instanceof Dict)) return 1;
    const known = this.memo?.get(v);
    if (known !== undefined) return known;
    this.memo ??= new Map();
    // a cycle adds nothing more: the host call sees the same objects again, not new ones
    this.memo.set(v, 0);
    if (++this.depth > 10_000)
      throw polarError("stack_overflow", "A value handed to the application is nested too deeply");
    let total = 1;
    const values: readonly unknown[] = isList ? (v as unknown[]) : Object.values(v as Dict);
    for (let i = 0; i < values.length && total <= this.max; i++) {
      const e = values[i];
      if (typeof e === "function") {
        throw functionValueError(
          isList
            ? "A list holding a function value cannot be handed to application code"
            : "A dict holding a function value cannot be handed to application code or called as a method",
        );
      }
      total +=
        typeof e === "object" && e !== null && (Array.isArray(e) || e instanceof Internal) ? this.size(e) : 1;
      if (typeof e === "string") total += e.length;
    }
    this.depth--;
    this.memo.set(v, total);
    return total;
  }
}

function functionValueError(what: string) {
  return polarError(
    "forbidden_function_value",
    `${what}: it could run the function with a \`this\` of the policy's choosing`,
    { hint: "Call methods on the object they belong to (`obj.method(x)`); callbacks are not supported." },
  );
}

function tooLarge(what: string, max: number) {
  return polarError("host_value_too_large", `${what} (the bound is ${max}, the maxHostValueSize option)`, {
    hint: "Raise the `maxHostValueSize` option if the values are legitimate.",
  });
}

/** Refuse a string or list from the host longer than `max`. */
export function checkIncoming(value: unknown, max: number): void {
  if ((typeof value === "string" || Array.isArray(value)) && value.length > max) {
    throw tooLarge(`A value of length ${value.length} from the application`, max);
  }
}
