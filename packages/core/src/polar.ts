/**
 * `Polar`: load policies, register classes and constants, run queries.
 * This is the one module that assembles the pipeline: text -> loader -> knowledge base,
 * and query -> compiler -> machine -> solutions.
 * @module
 */
import { type CompiledQuery, compileQuery } from "./engine/compile.js";
import { CompiledTier, UNDECIDED } from "./engine/compiled/tier.js";
import { fastPaths } from "./engine/fast-paths.js";
import { G_CALL, Goal } from "./engine/goals.js";
import { isThenable } from "./engine/host-port.js";
import { KnowledgeBase } from "./engine/kb.js";
import type { Limits } from "./engine/limits.js";
import { Machine } from "./engine/machine.js";
import { printValue } from "./engine/print-value.js";
import { newFrame } from "./engine/templates.js";
import { Predicate, type Var } from "./engine/terms.js";
import type { Tracer } from "./engine/trace-hook.js";
import { firstOf, isPolarError, type PolarError, polarError } from "./errors.js";
import { explainWith, type HostNoter, maxNodesOf, TraceRecorder } from "./explain/explanation.js";
import { combineTracers } from "./explain/fan-out.js";
import { type LogSink, LogTracer } from "./explain/log-tracer.js";
import type { ExplainOptions, Explanation } from "./explain/types.js";
import type { ClassOptions } from "./host/classes.js";
import { Host } from "./host/host.js";
import { repr } from "./host/repr.js";
import { checkDuplicateFiles } from "./load/duplicate-files.js";
import { type LoadEnv, loadSources } from "./load/loader.js";
import {
  checkOptions,
  DEFAULT_MAX_CHOICES,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_HOST_VALUE_SIZE,
  DEFAULT_MAX_STEPS,
  flag,
  logSink,
  type PolarOptions,
  positive,
  timeout,
} from "./polar-options.js";
import { fromHost, type QueryOptions, QueryRun, type Solution } from "./query.js";
import { makeSource, type Source } from "./source.js";
import type { InlineQuery, Rule } from "./syntax/ast.js";
import { parseTerm } from "./syntax/parser.js";
import type { PolarWarning } from "./warnings.js";

/** Options of `queryRule` when given as its first argument. */
export type QueryRuleOptions = QueryOptions;

/**
 * A Polar knowledge base and the application classes it may use.
 *
 * @example
 * ```ts
 * const polar = new Polar();
 * await polar.loadStr('f(1); f(2);');
 * for await (const s of polar.query("f(x)")) console.log(s.get("x"));
 * ```
 */
export class Polar {
  protected readonly host: Host;
  protected readonly kb = new KnowledgeBase();
  protected readonly limits: Limits;
  private readonly onWarning: (warning: PolarWarning) => void;
  private readonly ignoreNoAllowWarning: boolean;
  /** Tracers every query gets (coverage recorders); see {@link observeQueries}. */
  private readonly observers = new Set<() => Tracer>();
  /** The sources of the loaded policy (for coverage reports). */
  protected sources: readonly Source[] = [];
  /** Where `POLAR_LOG` / `logger` writes; null when queries are not logged. */
  private readonly log: LogSink | null;

  constructor(options: PolarOptions = {}) {
    const maxHostValueSize = positive(
      options.maxHostValueSize,
      DEFAULT_MAX_HOST_VALUE_SIZE,
      "maxHostValueSize",
    );
    this.host = new Host({ equalityFn: options.equalityFn, print: options.print, maxHostValueSize });
    this.limits = {
      maxSteps: positive(options.maxSteps, DEFAULT_MAX_STEPS, "maxSteps"),
      maxDepth: positive(options.maxDepth, DEFAULT_MAX_DEPTH, "maxDepth"),
      maxChoices: positive(options.maxChoices, DEFAULT_MAX_CHOICES, "maxChoices"),
      timeoutMs: timeout(options.timeoutMs),
      maxHostValueSize,
    };
    this.onWarning = options.onWarning ?? ((w) => console.warn("[warning]", w.message));
    this.ignoreNoAllowWarning =
      options.ignoreNoAllowWarning ??
      (typeof process !== "undefined" && !!process.env?.POLAR_IGNORE_NO_ALLOW_WARNING);
    this.log = logSink(options.logger);
    this.compiledDecisions = flag(options.compiledDecisions, true, "compiledDecisions");
  }

  /** The `compiledDecisions` option. */
  private readonly compiledDecisions: boolean;

  /** A value printed in Polar syntax, short, for traces. */
  protected printForTrace = (v: unknown): string => printValue(v, (x) => repr(x, 0, true));

  /**
   * Give every query started from now on a tracer made by `make` (coverage recording);
   * returns the function that stops it.
   * @internal
   */
  observeQueries(make: () => Tracer): () => void {
    this.observers.add(make);
    return () => {
      this.observers.delete(make);
    };
  }

  /**
   * The compiled tier's answer to `name(...args)` (all arguments known), or `undefined`
   * when it cannot decide: the query then runs on the interpreter. Not when queries are
   * traced or logged (the tier keeps no trace), nor while a constant is still a Promise.
   */
  protected decideCompiled(name: string, args: readonly unknown[]): boolean | undefined {
    if (!this.compiledDecisions || !fastPaths.compiled) return undefined;
    if (this.log !== null || this.observers.size > 0) return undefined;
    if (this.host.hasPendingConstants()) return undefined;
    this.tier ??= new CompiledTier(this.kb, this.host, this.limits);
    const answer = this.tier.decide(name, args, this.limits);
    return answer === UNDECIDED ? undefined : answer;
  }

  /** Made at the first decision (see {@link decideCompiled}). */
  private tier: CompiledTier | null = null;

  /** A machine for one query, with the tracers that observe it (none: no cost). */
  private newMachine(text: () => string, tracer: Tracer | null): Machine {
    const machine = new Machine(this.kb, this.host, this.limits);
    if (tracer === null && this.log === null && this.observers.size === 0) return machine;
    const tracers: Tracer[] = tracer === null ? [] : [tracer];
    for (const make of this.observers) tracers.push(make());
    if (this.log !== null) {
      const log = new LogTracer(this.log, this.printForTrace);
      log.query(text());
      tracers.push(log);
    }
    machine.tracer = combineTracers(tracers);
    return machine;
  }

  /** A query printed for traces. */
  private callText(name: string, args: readonly unknown[]): string {
    return `${name}(${args.map((a) => this.printForTrace(a)).join(", ")})`;
  }

  /**
   * Run a query (as {@link query} does) and explain its first answer: the rules it tried,
   * where they are, with what arguments, how each ended, and the host values read. The
   * query is run once, to its first solution; `allowed` says whether there was one.
   * @example `console.log(String(await oso.explainQuery('allow(u, "read", r)', { bindings: { u, r } })))`
   * @throws {PolarError} `invalid_argument` for bad options, or a parse error of the query text.
   */
  async explainQuery(query: string | Predicate, options: ExplainOptions = {}): Promise<Explanation> {
    checkOptions(options, "explainQuery()");
    const recorder = new TraceRecorder(this.printForTrace, maxNodesOf(options), this.traceNoter());
    const text = query instanceof Predicate ? this.callText(query.name, query.args) : String(query);
    const run = this.startQuery(
      query,
      options.bindings === undefined ? {} : { bindings: options.bindings },
      recorder,
    );
    return explainWith(text, recorder, () => run.first(), ["true", "false"]);
  }

  /** Notes on host values in the policy's terms (the built-in roles add some). */
  protected traceNoter(): HostNoter | null {
    return null;
  }

  /** Explain rule `name` on `args` (the decision APIs' explain). */
  protected explainRule(
    name: string,
    args: readonly unknown[],
    options: ExplainOptions,
  ): Promise<Explanation> {
    checkOptions(options, "explain()");
    const recorder = new TraceRecorder(this.printForTrace, maxNodesOf(options), this.traceNoter());
    return explainWith(this.callText(name, args), recorder, () =>
      this.ruleRun(name, args, false, recorder).first(),
    );
  }

  /** The longest a query may run, in milliseconds (the `timeoutMs` option; 0: no limit). */
  get timeoutMs(): number {
    return this.limits.timeoutMs;
  }

  /**
   * Register an application class, so the policy can name it in specializers
   * (`x: User`), `matches`, `new` and static calls. Register classes before loading a
   * policy that uses them.
   * @throws {PolarError} `duplicate_class_alias` when the name is taken, `invalid_registration` for `Actor`/`Resource`.
   */
  registerClass(cls: unknown, options?: ClassOptions): void {
    this.host.registerClass(cls, options);
  }

  /** Make `value` available to the policy under `name` (note the order: value first, as in Oso). */
  registerConstant(value: unknown, name: string): void {
    this.host.registerConstant(value, name);
  }

  /**
   * Load policy files, together, as one policy.
   * @throws {PolarError} `file_extension`, `file_not_found`, or the first parse/validation error
   *   (with every error found in `diagnostics`).
   */
  async loadFiles(filenames: readonly string[]): Promise<void> {
    if (!Array.isArray(filenames) || !filenames.every((f) => typeof f === "string")) {
      throw polarError("invalid_argument", "loadFiles() takes a list of file names");
    }
    if (filenames.length === 0) return;
    const { readFile } = await import("node:fs/promises");
    const sources: Source[] = [];
    for (const f of filenames) {
      if (!f.endsWith(".polar")) {
        throw polarError("file_extension", `Polar files must have .polar extension. Offending file: ${f}`);
      }
      let text: string;
      try {
        text = await readFile(f, "utf8");
      } catch (e) {
        throw polarError("file_not_found", `Could not find file: ${f}`, { cause: e });
      }
      sources.push(makeSource(text, f));
    }
    await this.loadSources(sources);
  }

  /** Load one policy file (same as `loadFiles([filename])`). */
  async loadFile(filename: string): Promise<void> {
    if (typeof filename !== "string") throw polarError("invalid_argument", "loadFile() takes a file name");
    await this.loadFiles([filename]);
  }

  /** Load policy text; `filename` appears in messages. */
  async loadStr(text: string, filename?: string): Promise<void> {
    // a Buffer from readFileSync without an encoding is the usual mistake
    if (typeof text !== "string")
      throw polarError("invalid_argument", "loadStr() takes the policy as a string");
    if (filename !== undefined && typeof filename !== "string") {
      throw polarError("invalid_argument", "loadStr(): the file name must be a string");
    }
    await this.loadSources([makeSource(text, filename)]);
  }

  /** Remove every rule (classes and constants stay registered). */
  clearRules(): void {
    this.kb.clear();
    this.sources = [];
  }

  /**
   * Run a query; each solution is a `Map` from the query's variable names to values.
   * @example `for await (const s of oso.query('allow(u, "read", r)', { bindings: { u, r } })) ...`
   */
  query(q: string | Predicate, options: QueryOptions = {}): AsyncGenerator<Solution> {
    return this.solutions(() => this.startQuery(q, options));
  }

  /** The synchronous twin of {@link query}: throws `async_in_sync` if a host call returns a Promise. */
  *querySync(q: string | Predicate, options: QueryOptions = {}): Generator<Solution> {
    yield* this.solutionsSync(this.startQuery(q, options));
  }

  /** Query rule `name` with `args` (pass {@link Variable}s for unknowns); or `queryRule(options, name, ...args)`. */
  queryRule(name: string | QueryRuleOptions, ...args: unknown[]): AsyncGenerator<Solution> {
    return this.solutions(() => this.startRule(name, args));
  }

  /** The synchronous twin of {@link queryRule}. */
  *queryRuleSync(name: string | QueryRuleOptions, ...args: unknown[]): Generator<Solution> {
    yield* this.solutionsSync(this.startRule(name, args));
  }

  /** Does rule `name` hold for `args`? Stops at the first solution. */
  async queryRuleOnce(name: string, ...args: unknown[]): Promise<boolean> {
    return this.ruleRun(name, args, false).first();
  }

  /** The synchronous twin of {@link queryRuleOnce}. */
  queryRuleOnceSync(name: string, ...args: unknown[]): boolean {
    return this.ruleRun(name, args, false).firstSync();
  }

  private async *solutions(start: () => QueryRun): AsyncGenerator<Solution> {
    const run = start();
    try {
      while (await run.next()) yield run.solution();
    } finally {
      run.close();
    }
  }

  private *solutionsSync(run: QueryRun): Generator<Solution> {
    try {
      while (run.nextSync()) yield run.solution();
    } finally {
      run.close();
    }
  }

  private startRule(nameOrOptions: string | QueryRuleOptions, args: unknown[]): QueryRun {
    if (typeof nameOrOptions === "string") return this.ruleRun(nameOrOptions, args, false);
    checkOptions(nameOrOptions, "queryRule()");
    const [name, ...rest] = args;
    if (typeof name !== "string")
      throw polarError("invalid_argument", "Invalid call of queryRule(): missing rule name");
    return this.ruleRun(name, rest, nameOrOptions.acceptExpression ?? false);
  }

  /** A query of one rule call, built without parsing. */
  protected ruleRun(
    name: string,
    args: readonly unknown[],
    acceptExpression: boolean,
    tracer: Tracer | null = null,
  ): QueryRun {
    const vars = new Map<string, Var>();
    const terms = new Array<unknown>(args.length);
    let promised = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (typeof a === "object" && a !== null) {
        try {
          terms[i] = fromHost(a, vars);
          if (isThenable(a)) promised = true;
        } catch (e) {
          throw unreadable(e);
        }
      } else {
        terms[i] = a;
      }
    }
    const machine = this.newMachine(() => this.callText(name, args), tracer);
    machine.start([new Goal(G_CALL, name, terms, null, -1)], []);
    const variables = [...vars].map(([n, v]) => ({ name: n, read: () => v }));
    return new QueryRun(machine, variables, acceptExpression, this.setupFor(promised ? terms : null));
  }

  /**
   * Promise arguments and constants stand for their values, as in Oso: a query waits for
   * them before its first step (`isAllowed(user, "read", fetchPage(1))`). `terms` (the
   * arguments, or a query's frame) has its Promises replaced by their values in place.
   */
  private setupFor(terms: unknown[] | null): (() => Promise<void>) | null {
    const constants = this.host.pendingConstants();
    if (terms === null && constants === null) return null;
    // everything is awaited at once: a rejection is never left unobserved while another waits
    return async () => {
      const waits: Promise<unknown>[] = constants === null ? [] : [constants];
      if (terms !== null) {
        terms.forEach((t, i) => {
          if (isThenable(t)) waits.push(Promise.resolve(t).then((v) => (terms[i] = v)));
        });
      }
      await Promise.all(waits);
    };
  }

  private startQuery(q: string | Predicate, options: QueryOptions, tracer: Tracer | null = null): QueryRun {
    checkOptions(options, "query()");
    if (q instanceof Predicate)
      return this.ruleRun(q.name, q.args, options.acceptExpression ?? false, tracer);
    if (typeof q !== "string") throw polarError("invalid_argument", "query() takes a string or a Predicate");
    const errors: PolarError[] = [];
    const compiled = compileQuery(parseTerm(makeSource(q)), this.host, errors);
    if (errors.length > 0) throw errors[0];
    return this.runCompiled(compiled, options, tracer, q);
  }

  private runCompiled(
    compiled: CompiledQuery,
    options: QueryOptions,
    tracer: Tracer | null = null,
    text = "<inline query>",
  ): QueryRun {
    const frame = newFrame(compiled.nslots);
    const given = options.bindings ?? {};
    if (typeof given !== "object")
      throw polarError("invalid_argument", "query(): bindings must be a Map or an object");
    const bindings = given instanceof Map ? given : new Map(Object.entries(given));
    const vars = new Map<string, Var>();
    let promised = false;
    for (const { name, slot } of compiled.slots) {
      if (!bindings.has(name)) continue;
      const value = bindings.get(name);
      try {
        frame[slot] = fromHost(value, vars);
        if (isThenable(value)) promised = true;
      } catch (e) {
        throw unreadable(e);
      }
    }
    const machine = this.newMachine(() => text, tracer);
    machine.start(compiled.goals, frame);
    const variables = compiled.vars.map(({ name, slot }) => ({ name, read: () => frame[slot] }));
    // a Promise bound to a variable stands for its value, as a Promise argument does:
    // the frame's slots are awaited in place
    const setup = this.setupFor(promised ? frame : null);
    return new QueryRun(machine, variables, options.acceptExpression ?? false, setup);
  }

  /** Load sources as one policy: check and compile everything, then install it, then run inline queries. */
  protected async loadSources(sources: readonly Source[]): Promise<void> {
    const queries = this.install(sources);
    for (const q of queries) {
      const errors: PolarError[] = [];
      const compiled = compileQuery(q.term, this.host, errors);
      if (errors.length > 0) throw errors[0];
      if (!(await this.runCompiled(compiled, {}).first())) {
        const text = q.term.span.source.text.slice(q.term.span.start, q.term.span.end);
        throw polarError("inline_query_failed", `Inline query failed: ${text}`, { span: q.term.span });
      }
    }
  }

  /** Check, compile and add rules to the knowledge base. Nothing changes when it throws. */
  protected install(sources: readonly Source[]): InlineQuery[] {
    if (!this.kb.empty) {
      throw polarError(
        "multiple_load",
        "Cannot load additional Polar code -- all Polar code must be loaded at the same time.",
        { hint: "Pass every file to one loadFiles([...]) call, or call clearRules() first." },
      );
    }
    checkDuplicateFiles(sources);
    const loaded = loadSources(sources, this.loadEnv());
    for (const w of loaded.warnings) this.onWarning(w);
    if (loaded.errors.length > 0) throw firstOf(loaded.errors);
    for (const [name, members] of loaded.unions) this.kb.unions.set(name, members);
    for (const rule of loaded.rules) this.kb.add(rule);
    this.kb.finalize((a, b) => this.host.unrelatedClasses(a, b));
    this.sources = sources;
    return loaded.queries;
  }

  /** The environment the loader sees (subclasses add built-in rules). */
  protected loadEnv(): LoadEnv {
    const host = this.host;
    return {
      constant: (name) => host.constant(name),
      hasClass: (name) => host.hasClass(name),
      isSubclass: (a, b) => host.isSubclass(a, b),
      builtinRule: (name) => this.isBuiltinRule(name),
      builtinRuleNames: this.builtinRuleNames(),
      ignoreNoAllowWarning: this.ignoreNoAllowWarning,
    };
  }

  /** Rules the library defines itself (none here; roles add some). */
  protected isBuiltinRule(_name: string): boolean {
    return false;
  }

  /** The names {@link isBuiltinRule} accepts, for "did you mean" hints. */
  protected builtinRuleNames(): readonly string[] {
    return [];
  }

  /**
   * What the command-line tools (`oso-ts repl`, `oso-ts check --setup`) read of an
   * instance the application configured. Not part of the API: it may change in any release.
   * @internal
   */
  toolView(): ToolView {
    const host = this.host;
    const rules: Rule[] = [];
    for (const r of this.kb.rules()) if (r.ast !== null) rules.push(r.ast);
    return {
      names: host.names(),
      isSubclass: (sub, sup) => host.isSubclass(sub, sup),
      rules,
      print: (value) => printValue(value, host.repr),
    };
  }
}

/**
 * An instance as the command-line tools see it (see {@link Polar.toolView}).
 * @internal
 */
export interface ToolView {
  /** Every registered class and constant name. */
  readonly names: readonly string[];
  /** Whether registered class `sub` is, or extends, registered class `sup`. */
  isSubclass(sub: string, sup: string): boolean;
  /** The syntax of every loaded rule, including those generated from resource blocks and roles. */
  readonly rules: readonly Rule[];
  /** A value as Polar prints it (host instances with their class). */
  print(value: unknown): string;
}

/**
 * An argument that cannot even be inspected (a revoked Proxy, a Proxy whose traps throw):
 * the caller's error, as a PolarError rather than the raw exception.
 */
function unreadable(e: unknown): PolarError {
  if (isPolarError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return polarError("invalid_argument", `An argument could not be read: ${message}`, { cause: e });
}
