/**
 * Per-query list indexes: a list scanned by `matches` on known fields is read once per
 * query, not once per scan.
 *
 * A role check over resource blocks scans the actor's assignments once per role name and
 * resource it tries (`reader`, `maintainer` on the repo, `owner` on its org): three passes
 * over the same list, each comparing every element. A role check indexes the list at its
 * first scan; other scans of a list start indexing at its second scan in the query (a
 * single scan gains nothing from an index). The index buckets the list by the field matched with a primitive (the role name): every element goes to the
 * bucket of its value, or to `others` when the value is not a plain primitive (a missing
 * field, an object, a Promise, a string over the size bound, a getter that threw). Then a
 * scan visits only the bucket of its name and the others, in list order.
 *
 * Within that, a field matched with an application object (the resource) is narrowed with
 * the host's equality probe (see `HostPort.equalityProbe`): under the default equality, an
 * object of the key's class whose own id-like field differs is certainly another object.
 *
 * An index is a pre-filter only: the scan's test still decides every element it visits,
 * so an index can only skip elements that test would skip. The indexes belong to one
 * machine (one query) and are never shared: an application's list may change between
 * decisions. Within the query, an index is rebuilt when the list's length changed; an
 * element changed in place by application code that runs during the same query is not
 * seen (fields are read once per query, so a getter runs once, not once per scan).
 * @module
 */
import type { HostPort } from "./host-port.js";
import type { Limits } from "./limits.js";
import { Internal } from "./terms.js";

/** Shorter lists are scanned without an index. */
export const INDEX_MIN_LENGTH = 32;

interface FieldIndex {
  /** Per position, the code of the element's value (`codeOf`), or -1 for the others. */
  readonly codes: Int32Array;
  readonly codeOf: Map<unknown, number>;
  /** Positions of elements whose field is not a plain primitive: always candidates. */
  readonly others: number[];
  /** Positions per key, made when a scan asks (one pass over `codes`). */
  readonly buckets: Map<unknown, number[]>;
  /** Bucket ∪ others, in list order, per key (and narrowed per object key). */
  readonly merged: Map<unknown, number[]>;
  readonly narrowed: Map<string, Map<unknown, Map<object, number[]>>>;
}

interface ListIndex {
  readonly length: number;
  readonly fields: Map<string, FieldIndex>;
  /** The first scan of the list in this query: it runs unindexed (one scan needs no index). */
  first: object;
}

/**
 * Who the indexes belong to: a query's machine, or one decision of the compiled tier. The
 * indexes live as long as it does.
 */
export interface IndexOwner {
  readonly limits: Limits;
  readonly host: HostPort;
  /** Read the clock after building an index (it read every element). */
  checkDeadline(): void;
}

const INDEXES = new WeakMap<IndexOwner, Map<readonly unknown[], ListIndex>>();

/** A primitive's bucket key: numbers and bigints that unify share one. */
function bucketKey(v: unknown): unknown {
  if (typeof v === "bigint") {
    const n = Number(v);
    return BigInt(n) === v ? n : v;
  }
  return v;
}

function isBucketable(v: unknown, maxSize: number): boolean {
  const t = typeof v;
  return (
    (t === "string" && (v as string).length <= maxSize) || t === "number" || t === "boolean" || t === "bigint"
  );
}

function isObjectElement(e: unknown): e is Record<string, unknown> {
  return typeof e === "object" && e !== null && !(e instanceof Internal) && !Array.isArray(e);
}

/** A role check's narrowing, done while the index is built (one pass over the list). */
interface Narrowing {
  readonly key: unknown;
  readonly name: string;
  readonly target: object;
  readonly probe: Probe;
  /** The bucket's positions the probe does not rule out. */
  readonly kept: number[];
}

type Probe = { readonly proto: object; readonly field: string; readonly value: unknown };

/** Keep position `p` of the narrowing's bucket unless the probe rules its element out. */
function narrowOne(n: Narrowing, e: Record<string, unknown>, p: number): void {
  let v: unknown;
  try {
    v = e[n.name];
  } catch {
    n.kept.push(p); // the scan's own read reports it, in order
    return;
  }
  if (v === n.target || !probeRejects(n.probe, v)) n.kept.push(p);
}

function buildField(
  list: readonly unknown[],
  field: string,
  maxSize: number,
  narrowing: Narrowing | null,
): FieldIndex {
  // one code per position in a typed array: no per-key array grows while building
  const codes = new Int32Array(list.length);
  const codeOf = new Map<unknown, number>();
  const others: number[] = [];
  let narrowCode = -2;
  let lastKey: unknown;
  let lastCode = -1;
  for (let p = 0; p < list.length; p++) {
    const e = list[p];
    if (!isObjectElement(e)) {
      codes[p] = -1;
      others.push(p);
      continue;
    }
    let v: unknown;
    try {
      v = e[field];
    } catch {
      codes[p] = -1;
      others.push(p); // the scan's own read reports it, in order
      continue;
    }
    if (!isBucketable(v, maxSize)) {
      codes[p] = -1;
      others.push(p);
      continue;
    }
    const k = bucketKey(v);
    // neighbours often share a role name: one map lookup per run of equal names
    if (k !== lastKey || lastCode < 0) {
      lastKey = k;
      let c = codeOf.get(k);
      if (c === undefined) {
        c = codeOf.size;
        codeOf.set(k, c);
        if (narrowing !== null && k === narrowing.key) narrowCode = c;
      }
      lastCode = c;
    }
    codes[p] = lastCode;
    if (lastCode === narrowCode) narrowOne(narrowing!, e, p);
  }
  return { codes, codeOf, others, buckets: new Map(), merged: new Map(), narrowed: new Map() };
}

/** The positions whose element's field has `key`'s value, in list order. */
function bucketOf(fi: FieldIndex, key: unknown): number[] {
  let bucket = fi.buckets.get(key);
  if (bucket === undefined) {
    bucket = [];
    const c = fi.codeOf.get(key);
    if (c !== undefined) {
      const codes = fi.codes;
      for (let p = 0; p < codes.length; p++) if (codes[p] === c) bucket.push(p);
    }
    fi.buckets.set(key, bucket);
  }
  return bucket;
}

/** Two ascending position lists as one. */
function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  if (b.length === 0) return a as number[];
  if (a.length === 0) return b as number[];
  const out = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < a.length && j < b.length) out[o++] = a[i]! < b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) out[o++] = a[i++]!;
  while (j < b.length) out[o++] = b[j++]!;
  return out;
}

/** Is `x` certainly not equal to the probe's key (another object of its class, another id)? */
export function probeRejects(probe: Probe, x: unknown): boolean {
  if (typeof x !== "object" || x === null || Object.getPrototypeOf(x) !== probe.proto) return false;
  if (!Object.hasOwn(x, probe.field)) return true;
  const v = (x as Record<string, unknown>)[probe.field];
  if (v !== null && (typeof v === "object" || typeof v === "function")) return false;
  return !(v === probe.value || (Number.isNaN(v) && Number.isNaN(probe.value)));
}

/**
 * The positions of `list` a scan for `pattern` must visit, ascending, or null when the
 * pattern gives the index nothing to work with (no field matched with a primitive).
 */
export function candidatePositions(
  m: IndexOwner,
  scan: object,
  list: readonly unknown[],
  keys: readonly string[],
  values: readonly unknown[],
): readonly number[] | null {
  // fields are compared in the pattern's order, and an element's earlier field may be an
  // error (a string over the bound): only the first field can rule elements out
  if (!isBucketable(values[0], m.limits.maxHostValueSize)) return null;
  let byList = INDEXES.get(m);
  if (byList === undefined) {
    byList = new Map();
    INDEXES.set(m, byList);
  }
  // A role check (a second field matched with an object: the resource) is indexed from its
  // first scan, since the narrowing by resource pays for itself at once; otherwise the
  // list's first scan in the query (or the first since it changed length) runs unindexed
  // and reads each element's fields once, as a single scan without an index does.
  const roleCheck = keys.length > 1 && typeof values[1] === "object" && values[1] !== null;
  let index = byList.get(list);
  if (index === undefined || index.length !== list.length) {
    index = { length: list.length, fields: new Map(), first: scan };
    byList.set(list, index);
    if (!roleCheck) return null;
  }
  if (index.first === scan && !roleCheck) return null;
  const field = keys[0]!;
  const key = bucketKey(values[0]);
  let fi = index.fields.get(field);
  if (fi === undefined) {
    const target = values[1];
    const probe = roleCheck ? m.host.equalityProbe(target as object) : null;
    const narrowing: Narrowing | null =
      probe === null ? null : { key, name: keys[1]!, target: target as object, probe, kept: [] };
    fi = buildField(list, field, m.limits.maxHostValueSize, narrowing);
    index.fields.set(field, fi);
    if (narrowing !== null) {
      fi.narrowed.set(
        narrowing.name,
        new Map([[key, new Map([[narrowing.target, mergeSorted(narrowing.kept, fi.others)]])]]),
      );
    }
    // building read every element's field: the clock, as after a scan
    m.checkDeadline();
  }
  // narrow by the second field when it is matched with an application object and equality
  // allows it; only the bucket's elements (their first field certainly matched) are narrowed
  if (roleCheck) {
    const target = values[1] as object;
    const name = keys[1]!;
    let byKey = fi.narrowed.get(name);
    if (byKey === undefined) {
      byKey = new Map();
      fi.narrowed.set(name, byKey);
    }
    let byTarget = byKey.get(key);
    if (byTarget === undefined) {
      byTarget = new Map();
      byKey.set(key, byTarget);
    }
    let narrowed = byTarget.get(target);
    if (narrowed === undefined) {
      const probe = m.host.equalityProbe(target);
      if (probe === null) {
        // no probe: no narrowing (remembered, so that the host is asked once)
        narrowed = positionsFor(fi, key);
      } else {
        const n: Narrowing = { key, name, target, probe, kept: [] };
        // a bucket's elements are objects (their first field was read)
        for (const p of bucketOf(fi, key)) narrowOne(n, list[p] as Record<string, unknown>, p);
        narrowed = mergeSorted(n.kept, fi.others);
      }
      byTarget.set(target, narrowed);
    }
    return narrowed;
  }
  return positionsFor(fi, key);
}

/** The bucket of `key` and the others, in list order. */
function positionsFor(fi: FieldIndex, key: unknown): number[] {
  let positions = fi.merged.get(key);
  if (positions === undefined) {
    positions = mergeSorted(bucketOf(fi, key), fi.others);
    fi.merged.set(key, positions);
  }
  return positions;
}

/** The index in `positions` of the first position at or after `from` (positions.length if none). */
export function firstAtOrAfter(positions: readonly number[], from: number): number {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (positions[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
