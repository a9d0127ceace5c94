/**
 * The compiled tier: decides a rule call whose arguments are all known (an `allow`
 * decision) by running the rules as compiled closures, without a machine, goal stacks or
 * choice points. It answers true or false, or {@link UNDECIDED} when it met something it
 * does not handle; the interpreter then decides from the start, and since the tier ran no
 * application call (runtime.ts), the application sees each call once.
 *
 * Switched by `fastPaths.compiled`; the differential tests run every decision with it and
 * without it (engine/compiled/tier.test.ts, and the Oso tables without fast paths).
 * @module
 */
import { type HostPort, isThenable } from "../host-port.js";
import type { GenericRule, KnowledgeBase } from "../kb.js";
import type { Limits } from "../limits.js";
import { Slot } from "../templates.js";
import { Internal, Variable } from "../terms.js";
import { RuleCompiler } from "./rules.js";
import type { Op } from "./runtime.js";
import { Runtime } from "./runtime.js";

/** The tier could not decide: ask the interpreter. */
export const UNDECIDED: unique symbol = Symbol("undecided");

const SOLVED: Op = () => true;
const NO_EXIT = (): boolean => true;

/**
 * A rule the tier decides, and how often it had to hand over lately. Handing over costs
 * the tier's attempt plus unwinding it (an exception through the continuation closures,
 * a few microseconds): when most decisions of a window are handed over (a policy that
 * calls an application method on most paths), the next {@link SKIP} go straight to the
 * interpreter, then a new window measures again.
 */
interface Entry {
  readonly op: Op;
  tried: number;
  handedOver: number;
  skip: number;
}

const WINDOW = 32;
const SKIP = 15 * WINDOW;

function adapt(entry: Entry): void {
  if (entry.handedOver * 2 > entry.tried) entry.skip = SKIP;
  entry.tried = 0;
  entry.handedOver = 0;
}

/** How often the tier decided and handed over (for tests and measurements). */
export interface TierCounts {
  decided: number;
  /** Handed over to the interpreter (`skipped` included). */
  undecided: number;
  /** Handed over without an attempt (see {@link Entry}). */
  skipped: number;
}

/** A compiled tier over one knowledge base; recompiles when the knowledge base changes. */
export class CompiledTier {
  private readonly rt: Runtime;
  private readonly rules: RuleCompiler;
  private version = -1;
  /** Per rule: the call of it with the decision's arguments as slots 0..n-1. */
  private readonly entries = new Map<GenericRule, Entry>();
  private running = false;
  /** The last rule decided (decisions ask for `allow/3` again and again). */
  private lastName: string | null = null;
  private lastArity = -1;
  private lastEntry: Entry | null = null;
  readonly counts: TierCounts = { decided: 0, undecided: 0, skipped: 0 };

  constructor(
    private readonly kb: KnowledgeBase,
    host: HostPort,
    limits: Limits,
  ) {
    this.rt = new Runtime(kb, host, limits);
    this.rules = new RuleCompiler(this.rt);
  }

  /** Does `name(...args)` have a solution? {@link UNDECIDED} when the tier cannot tell. */
  decide(name: string, args: readonly unknown[], limits: Limits): boolean | typeof UNDECIDED {
    // a decision asked from inside a decision (a getter that authorizes) goes to the interpreter
    if (this.running) return this.handOver();
    if (this.kb.version !== this.version) {
      this.rt.procs.clear();
      this.entries.clear();
      this.lastName = null;
      this.version = this.kb.version;
    }
    let entry: Entry | null;
    if (name === this.lastName && args.length === this.lastArity) {
      entry = this.lastEntry;
    } else {
      const generic = this.kb.lookup(name, args.length);
      if (generic === undefined) return this.handOver();
      entry = generic === null ? null : this.entryOf(generic);
      this.lastName = name;
      this.lastArity = args.length;
      this.lastEntry = entry;
    }
    if (entry === null) {
      this.counts.decided++;
      return false;
    }
    if (entry.skip > 0) {
      entry.skip--;
      this.counts.skipped++;
      return this.handOver();
    }
    const rt = this.rt;
    rt.reset(limits);
    this.running = true;
    try {
      // inspecting an argument may throw (a Proxy's traps): the interpreter reports it
      if (!finishedArguments(args)) return this.handOver();
      // the arguments are the entry's slots, all bound: nothing writes to them
      const answer = entry.op(args as unknown[], NO_EXIT);
      this.counts.decided++;
      entry.tried++;
      return answer;
    } catch {
      // a bail, and also any error: the interpreter reproduces it with its code and position
      entry.tried++;
      entry.handedOver++;
      return this.handOver();
    } finally {
      this.running = false;
      rt.release();
      if (entry.tried === WINDOW) adapt(entry);
    }
  }

  private entryOf(generic: GenericRule): Entry {
    let entry = this.entries.get(generic);
    if (entry === undefined) {
      const slots = Array.from({ length: generic.arity }, (_, i) => new Slot(i, `_arg${i}`));
      entry = { op: this.rules.callOf(generic, slots, SOLVED), tried: 0, handedOver: 0, skip: 0 };
      this.entries.set(generic, entry);
    }
    return entry;
  }

  private handOver(): typeof UNDECIDED {
    this.counts.undecided++;
    return UNDECIDED;
  }
}

/** Are the arguments all finished? (A decision's three at separate sites: each sees one class.) */
function finishedArguments(args: readonly unknown[]): boolean {
  if (args.length === 3) {
    return isFinishedArgument(args[0]) && isFinishedArgument(args[1]) && isFinishedArgument(args[2]);
  }
  return args.every(isFinishedArgument);
}

/** An argument the tier takes as it is: not a query variable, a Polar term or a Promise. */
function isFinishedArgument(a: unknown): boolean {
  if (typeof a !== "object" || a === null) return typeof a !== "function" || !isThenable(a);
  return !(a instanceof Variable || a instanceof Internal || Array.isArray(a) || isThenable(a));
}
