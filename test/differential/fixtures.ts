/**
 * Shared fixtures of the differential suite: application classes, objects and the named
 * setups a case can ask for. The same JavaScript objects are handed to both engines, so a
 * host object in a result is recognised by identity (see {@link labelOf}).
 *
 * Nothing here is mutated by a query: both engines see identical data.
 * @module
 */

/** What a setup may call on either engine's `Oso`. */
export interface Registrar {
  registerClass(cls: unknown, options?: { name?: string }): void;
  registerConstant(value: unknown, name: string): void;
}

const LABELS = new WeakMap<object, string>();

/** Give `value` a stable name in normalized results. */
export function label<T extends object>(value: T, name: string): T {
  LABELS.set(value, name);
  return value;
}

/** The name given to a fixture object, if any. */
export function labelOf(value: object): string | undefined {
  return LABELS.get(value);
}

// ---------------------------------------------------------------------------------------
// Markers that each engine translates into its own classes (query arguments).

/** A logic variable argument for `queryRule` (becomes each engine's `Variable`). */
export class VarArg {
  constructor(readonly name: string) {}
}
/** A Polar dictionary argument (becomes each engine's `Dict`). */
export class DictArg {
  constructor(readonly fields: Record<string, unknown>) {}
}
export const V = (name: string): VarArg => new VarArg(name);
export const D = (fields: Record<string, unknown>): DictArg => new DictArg(fields);

// ---------------------------------------------------------------------------------------
// General host classes (spec §14.4).

export class Foo {
  static count = 7;
  constructor(public a?: unknown) {}
  m(x: number): number {
    return x + 1;
  }
  async am(): Promise<number> {
    return 42;
  }
  *gen(): Generator<number> {
    yield 1;
    yield 2;
  }
  async *agen(): AsyncGenerator<number> {
    yield 3;
    yield 4;
  }
  get doubled(): number {
    return Number(this.a) * 2;
  }
  nothing(): undefined {
    return undefined;
  }
  nul(): null {
    return null;
  }
  list(): number[] {
    return [1, 2, 3];
  }
  self(): Foo {
    return this;
  }
  pair(x: unknown, y: unknown): unknown[] {
    return [x, y];
  }
  throws(): never {
    throw new Error("boom");
  }
  static s(): string {
    return "static";
  }
  static make(a: unknown): Foo {
    return new Foo(a);
  }
}
export class Bar extends Foo {
  override m(x: number): number {
    return x + 100;
  }
}
export class Baz extends Bar {}
/** Not registered anywhere. */
export class Unregistered {}

/** Spec §6.5's class chain `C extends B extends A`. */
export class A {
  constructor(public x = 0) {}
}
export class B extends A {}
export class C extends B {}

export class Num {
  constructor(public n: number) {}
  valueOf(): number {
    return this.n;
  }
}

export const obj = label({ x: 1, nested: { y: [1, 2] } }, "obj");
export const obj2 = label({ a: 1 }, "obj2");
export const obj3 = label({ a: 1 }, "obj3");
export const nullField = label({ n: null, u: undefined, t: true, f: false, z: 0 }, "nullField");
export const foo1 = label(new Foo(1), "foo1");
export const foo2 = label(new Foo(2), "foo2");
export const bar1 = label(new Bar(1), "bar1");
export const baz1 = label(new Baz(1), "baz1");
export const a1 = label(new A(1), "a1");
export const b1 = label(new B(1), "b1");
export const c1 = label(new C(1), "c1");
export const aMap = label(
  new Map<string, number>([
    ["k", 1],
    ["j", 2],
  ]),
  "aMap",
);
export const aSet = label(new Set([1, 2, 3]), "aSet");
export const promised = label(Promise.resolve(5), "promised");
export const promisedToo = label(Promise.resolve(5), "promisedToo");
export const listConst = [1, "two", [3]];

/** An iterable that is not an array. */
export const countdown = label(
  {
    *[Symbol.iterator]() {
      yield 3;
      yield 2;
      yield 1;
    },
  },
  "countdown",
);

export const asyncIterable = label(
  {
    async *[Symbol.asyncIterator]() {
      yield "x";
      yield "y";
    },
  },
  "asyncIterable",
);

// ---------------------------------------------------------------------------------------
// The gitclub example of spec §8.5.

export class User {
  constructor(
    public name: string,
    public roles: { name: string; resource: unknown }[] = [],
  ) {}
}
export class Org {
  constructor(public name: string) {}
}
export class Repo {
  constructor(
    public name: string,
    public org: Org,
  ) {}
}
export class Issue {
  constructor(
    public name: string,
    public repo: Repo,
    public creator: User,
  ) {}
}

export const osohq = label(new Org("osohq"), "osohq");
export const apple = label(new Org("apple"), "apple");
export const ossRepo = label(new Repo("oso", osohq), "oso");
export const ios = label(new Repo("ios", apple), "ios");
export const leina = label(new User("leina", [{ name: "owner", resource: osohq }]), "leina");
export const steve = label(new User("steve", [{ name: "member", resource: osohq }]), "steve");
export const gabe = label(new User("gabe"), "gabe");
/** A user holding a role on the user type itself (roles on actor types). */
export const admin = label(new User("admin"), "admin");
export const bug = label(new Issue("bug", ossRepo, gabe), "bug");
export const laggy = label(new Issue("laggy", ios, steve), "laggy");
export const repoWriter = label(new User("wendy", [{ name: "writer", resource: ossRepo }]), "wendy");
export const repoReader = label(new User("rita", [{ name: "reader", resource: ossRepo }]), "rita");

// ---------------------------------------------------------------------------------------
// A folder chain for `"read" if "read" on "parent"` recursion.

export class Folder {
  constructor(
    public name: string,
    public parent: Folder | null = null,
    public readers: User[] = [],
  ) {}
}
export class Doc {
  constructor(
    public name: string,
    public folder: Folder,
  ) {}
}
export const root = label(new Folder("root", null, [steve]), "root");
export const mid = label(new Folder("mid", root), "mid");
export const leaf = label(new Folder("leaf", mid, [gabe]), "leaf");
export const other = label(new Folder("other", null, []), "other");
export const readme = label(new Doc("readme", leaf), "readme");
export const stray = label(new Doc("stray", other), "stray");

/** A team belongs to an org; roles flow from the org to its teams. */
export class Team {
  constructor(
    public name: string,
    public members: User[],
    public org: Org,
  ) {}
}
export const core = label(new Team("core", [leina, steve], osohq), "core");

/** A resource whose state is all in a `#private` field, read through a getter. */
export class Sealed {
  readonly #id: number;
  constructor(id: number) {
    this.#id = id;
  }
  get id(): number {
    return this.#id;
  }
}
export const sealed1 = label(new Sealed(1), "sealed1");
export const sealed2 = label(new Sealed(2), "sealed2");

// ---------------------------------------------------------------------------------------
// Named setups.

export const SETUPS = {
  /** Sealed (state in #private fields) and two instances. */
  sealed(o: Registrar) {
    o.registerClass(Sealed);
    o.registerConstant(sealed1, "sealed1");
    o.registerConstant(sealed2, "sealed2");
  },
  /** Foo, Bar, Baz and a handful of host constants. */
  host(o: Registrar) {
    o.registerClass(Foo);
    o.registerClass(Bar);
    o.registerClass(Baz);
    o.registerConstant(obj, "obj");
    o.registerConstant(obj2, "obj2");
    o.registerConstant(obj3, "obj3");
    o.registerConstant(nullField, "nf");
    o.registerConstant(foo1, "foo1");
    o.registerConstant(foo2, "foo2");
    o.registerConstant(bar1, "bar1");
    o.registerConstant(baz1, "baz1");
    o.registerConstant(aMap, "aMap");
    o.registerConstant(aSet, "aSet");
    o.registerConstant(promised, "promised");
    o.registerConstant(promisedToo, "promisedToo");
    o.registerConstant(countdown, "countdown");
    o.registerConstant(asyncIterable, "asyncIterable");
    o.registerConstant(listConst, "listConst");
  },
  /** `C extends B extends A`, registered, plus instances. */
  abc(o: Registrar) {
    o.registerClass(A);
    o.registerClass(B);
    o.registerClass(C);
    o.registerConstant(a1, "a1");
    o.registerConstant(b1, "b1");
    o.registerConstant(c1, "c1");
  },
  /** Only A and C are registered: B is skipped in the chain. */
  acOnly(o: Registrar) {
    o.registerClass(A);
    o.registerClass(C);
  },
  /** Plain constants: numbers, strings, math helpers. */
  constants(o: Registrar) {
    o.registerConstant(42, "answer");
    o.registerConstant("hello", "greeting");
    o.registerConstant(1.5, "onePointFive");
    o.registerConstant(Number.NaN, "jsNaN");
    o.registerConstant(Number.POSITIVE_INFINITY, "jsInf");
    o.registerConstant(true, "yes");
    o.registerConstant([1, 2, 3], "nums");
    o.registerConstant(Math, "Math");
    o.registerConstant(Num, "Num");
    o.registerConstant(new Num(3), "three");
  },
  /** Overwriting a constant. */
  constantTwice(o: Registrar) {
    o.registerConstant(1, "k");
    o.registerConstant(2, "k");
  },
  /** A class registered under an alias, plus the same class twice. */
  aliases(o: Registrar) {
    o.registerClass(Foo, { name: "Thing" });
    o.registerClass(Foo, { name: "Other" });
    o.registerConstant(foo1, "foo1");
  },
  gitclub(o: Registrar) {
    o.registerClass(User);
    o.registerClass(Org);
    o.registerClass(Repo);
    o.registerClass(Issue);
    for (const [v, n] of [
      [leina, "leina"],
      [steve, "steve"],
      [gabe, "gabe"],
      [osohq, "osohq"],
      [apple, "apple"],
      [ossRepo, "oso"],
      [ios, "ios"],
      [bug, "bug"],
      [laggy, "laggy"],
    ] as const) {
      o.registerConstant(v, n);
    }
  },
  folders(o: Registrar) {
    o.registerClass(User);
    o.registerClass(Folder);
    o.registerClass(Doc);
  },
  teams(o: Registrar) {
    o.registerClass(User);
    o.registerClass(Team);
    o.registerClass(Org);
  },
  /** Registration errors. */
  duplicateAlias(o: Registrar) {
    o.registerClass(Foo);
    o.registerClass(Bar, { name: "Foo" });
  },
  reservedConstant(o: Registrar) {
    o.registerConstant(1, "Actor");
  },
  reservedClass(o: Registrar) {
    o.registerClass(Foo, { name: "Resource" });
  },
  notAConstructor(o: Registrar) {
    o.registerClass(Math);
  },
  /** Foo registered after a class that is not related to it. */
  unrelated(o: Registrar) {
    o.registerClass(Foo);
    o.registerClass(A);
  },
} satisfies Record<string, (o: Registrar) => void>;

export type SetupName = keyof typeof SETUPS;
