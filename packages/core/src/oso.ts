/**
 * `Oso`: the authorization API over a Polar knowledge base (`isAllowed`, `authorize`
 * with 404-vs-403 semantics, `authorizedActions`, field-level checks).
 * @module
 */
import { Variable } from "./engine/terms.js";
import { ForbiddenError, NotFoundError, polarError } from "./errors.js";
import { CoverageHits, type CoverageRecorder, CoverageTracer, coverageReport } from "./explain/coverage.js";
import type { HostNoter } from "./explain/recorder.js";
import { rolesNoter } from "./explain/roles-notes.js";
import type { ExplainOptions, Explanation } from "./explain/types.js";
import { DataFiltering } from "./filter/data-filtering.js";
import type { Adapter, Filter } from "./filter/types.js";
import type { ClassOptions } from "./host/classes.js";
import { Polar } from "./polar.js";
import type { PolarOptions } from "./polar-options.js";
import { buildRoles, ROLE_RULES, ROLES_CONSTANT } from "./roles/enable-roles.js";
import { RolesRuntime } from "./roles/roles-runtime.js";
import type { Source } from "./source.js";
import type { InlineQuery } from "./syntax/ast.js";
import type { ActionFor, ActionForClass, ActorFor, PolicyAction, PolicyBinding } from "./typed.js";

/** Options of {@link Oso}. */
export interface OsoOptions extends PolarOptions {
  /** The action that means "may see it at all" (default `"read"`): decides 404 vs 403 in `authorize`. */
  readAction?: string;
  /** Error class thrown when the actor may not even read the resource (default {@link NotFoundError}). */
  notFoundError?: new () => Error;
  /** Error class thrown when the actor may read but not act (default {@link ForbiddenError}). */
  forbiddenError?: new () => Error;
}

/**
 * The type of an actor, resource or request parameter: `T` without `undefined`, and for an
 * unconstrained `T` (`unknown`, `any`) anything but `undefined`. The runtime refuses
 * `undefined` there (`invalid_argument`), so passing a `User | undefined` is a compile
 * error: handle the missing actor or resource (401, 404) before asking. `null` stays
 * allowed: it is Polar's nil.
 */
// an intersection, not a conditional type, so a generic `A extends NonNullable<unknown> | null`
// passes as a `Defined<A>` too
export type Defined<T> = T & (NonNullable<unknown> | null);

/** Options of {@link Oso.authorize}. */
export interface AuthorizeOptions {
  /**
   * When the action is denied, check whether the actor may read the resource: if not,
   * throw the not-found error (404) so the resource's existence does not leak; if so,
   * the forbidden error (403). With `false`, always the forbidden error. Default true.
   */
  checkRead?: boolean;
}

/** Options of {@link Oso.authorizedActions} and {@link Oso.authorizedFields}. */
export interface WildcardOptions {
  /** Return `Set(["*"])` when a rule allows every action (an unbound action), instead of throwing. */
  allowWildcard?: boolean;
}

/**
 * The authorization API.
 *
 * @example
 * ```ts
 * const oso = new Oso();
 * oso.registerClass(User);
 * oso.registerClass(Page);
 * await oso.loadFiles(["authorization.polar"]);
 * await oso.authorize(user, "read", page); // throws NotFoundError / ForbiddenError
 * ```
 *
 * `Policy`, a {@link PolicyBinding} of the types `oso-ts types` generates, makes the actions
 * of the decision APIs depend on the resource: see {@link TypedOso}. Without it (the
 * default), an action is any `Action`.
 */
// `Policy` reaches the methods only as the default of a method type parameter (`P = Policy`,
// never inferred: the action is `NoInfer`), so it does not count for the class's variance: a
// `TypedOso` is still an `Oso` to code that takes the untyped one.
export class Oso<
  Actor = unknown,
  Action = string,
  Resource = unknown,
  Field = string,
  Request = unknown,
  Policy = unknown,
> extends Polar {
  readonly readAction: Action;
  private readonly notFoundError: new () => Error;
  private readonly forbiddenError: new () => Error;

  private readonly dataFiltering: DataFiltering;

  constructor(options: OsoOptions = {}) {
    super(options);
    this.readAction = (options.readAction ?? "read") as Action;
    this.notFoundError = options.notFoundError ?? NotFoundError;
    this.forbiddenError = options.forbiddenError ?? ForbiddenError;
    this.dataFiltering = new DataFiltering(this.kb, this.host, this.limits);
  }

  /**
   * Register an application class (see {@link Polar.registerClass}). `fields` declares its
   * fields for data filtering: a class (`String`, `Number`, `Boolean`, a registered class)
   * or a {@link Relation} to another registered class. A policy that filters on a field
   * must find it declared here.
   * @throws {PolarError} `invalid_argument` / `data_filtering_configuration` for malformed fields.
   */
  override registerClass(cls: unknown, options: ClassOptions = {}): void {
    super.registerClass(cls, options);
    const name = options.name ?? (cls as { name: string }).name;
    this.dataFiltering.types.add(name, cls as Function, options.fields);
  }

  /**
   * Set the adapter that turns filters into queries (`buildQuery`) and runs them
   * (`executeQuery`): for {@link authorizedQuery}, {@link authorizedResources}, and the
   * Relation fields read in decisions. Oso's adapter interface.
   */
  setDataFilteringAdapter(adapter: Adapter): void {
    this.dataFiltering.setAdapter(adapter);
  }

  /**
   * Which rows of class `cls` (the class or its Polar name) `actor` may perform `action`
   * on, as a {@link Filter}: plain data for any backend. Evaluates the policy with the
   * resource unknown.
   * @throws {PolarError} `unregistered_class_runtime`, `data_filtering_configuration`,
   *   `undeclared_field` (the policy reads a field not declared in `fields`),
   *   `unsupported_in_filter` (a construct with no query equivalent, with its position).
   */
  async authorizedFilter<Cls, P = Policy>(
    actor: Actor,
    action: NoInfer<ActionForClass<P, Cls, Action>>,
    cls: Cls,
  ): Promise<Filter> {
    checkDefined("actor", actor);
    return this.dataFiltering.filter(actor, action, cls, "authorizedFilter()");
  }

  /**
   * The adapter's query (its `buildQuery` of the {@link authorizedFilter}) for the rows of
   * `cls` that `actor` may perform `action` on.
   * @throws {PolarError} `data_filtering_configuration` when no adapter is set; as {@link authorizedFilter}.
   */
  async authorizedQuery<Query = unknown, Cls = unknown, P = Policy>(
    actor: Actor,
    action: NoInfer<ActionForClass<P, Cls, Action>>,
    cls: Cls,
  ): Promise<Query> {
    checkDefined("actor", actor);
    const adapter = this.dataFiltering.requireAdapter("authorizedQuery()");
    const filter = await this.dataFiltering.filter(actor, action, cls, "authorizedQuery()");
    return (await adapter.buildQuery(filter)) as Query;
  }

  /**
   * The rows of `cls` that `actor` may perform `action` on: the adapter's `executeQuery`
   * of {@link authorizedQuery}. An adapter's error reaches the caller as it is.
   */
  async authorizedResources<Row = Resource, Cls = unknown, P = Policy>(
    actor: Actor,
    action: NoInfer<ActionForClass<P, Cls, Action>>,
    cls: Cls,
  ): Promise<Row[]> {
    checkDefined("actor", actor);
    const adapter = this.dataFiltering.requireAdapter("authorizedResources()");
    const filter = await this.dataFiltering.filter(actor, action, cls, "authorizedResources()");
    return (await adapter.executeQuery(await adapter.buildQuery(filter))) as Row[];
  }

  private rolesEnabled = false;

  /**
   * Turn on the built-in roles of Oso's quickstart: the rule `role_allow(actor, action,
   * resource)` (also `role_allows`), driven by the policy's `actor_role(actor, role)` (or
   * `actor_has_role_for_resource(actor, role_name, resource)`), `resource(_type: C,
   * "namespace", actions, roles)` and optional `parent_child(parent, child)` rules.
   * Policies may be loaded before or after; the configuration is validated now (when a
   * policy is loaded) and at every later load.
   * @throws {PolarError} `roles_validation` (with the position of the offending rule) when the configuration is invalid.
   */
  async enableRoles(): Promise<void> {
    if (this.rolesEnabled) return;
    this.rolesEnabled = true;
    if (this.kb.empty) return;
    try {
      this.installRoles();
    } catch (e) {
      this.rolesEnabled = false;
      throw e;
    }
  }

  protected override install(sources: readonly Source[]): InlineQuery[] {
    const queries = super.install(sources);
    if (this.rolesEnabled) {
      try {
        this.installRoles();
      } catch (e) {
        this.clearRules();
        throw e;
      }
    }
    return queries;
  }

  protected override isBuiltinRule(name: string): boolean {
    return ROLE_RULES.has(name);
  }

  protected override builtinRuleNames(): readonly string[] {
    return [...ROLE_RULES];
  }

  /** Build and add the roles' rules: called with a policy loaded, once per load. */
  private installRoles(): void {
    const host = this.host;
    const built = buildRoles({
      kb: this.kb,
      host,
      limits: this.limits,
      constant: (name) => host.constant(name),
      hasClass: (name) => host.hasClass(name),
      rolesHost: {
        isa: (value, name) => host.isa(value, name),
        isSubclass: (sub, sup) => host.isSubclass(sub, sup),
        equal: (a, b) => host.equal(a, b),
        membershipKey: (value) => host.membershipKey(value),
        isRelationField: (value, name) => host.isRelationField(value, name),
        lookupField: (value, name) => host.lookupField(value, name),
      },
      register: (runtime) => host.registerConstant(runtime, ROLES_CONSTANT),
    });
    for (const rule of built.rules) this.kb.add(rule);
    this.kb.finalize((a, b) => this.host.unrelatedClasses(a, b));
  }

  /** May `actor` perform `action` on `resource`? (`allow(actor, action, resource)` has a solution.) */
  async isAllowed<R extends Defined<Resource>, P = Policy>(
    actor: Defined<Actor>,
    action: NoInfer<ActionFor<P, R, Action>>,
    resource: R,
  ): Promise<boolean> {
    return this.decide(actor, action as Action, resource, false);
  }

  /**
   * Why `isAllowed(actor, action, resource)` answers as it does: the decision (the same
   * answer `isAllowed` gives) and its trace, the rules of `allow` tried with `file:line`,
   * their arguments and outcomes (the failing condition of each failed rule), the host
   * values read, and the built-in roles and resource blocks in the policy's terms. An error
   * is reported in `error` (with `allowed` false) rather than thrown. For development and
   * tests: a traced decision is slower.
   * @example `console.log(String(await oso.explain(user, "write", page)))`
   * @throws {PolarError} `invalid_argument` for an undefined actor or resource, or bad options.
   */
  async explain(
    actor: Defined<Actor>,
    action: Action,
    resource: Defined<Resource>,
    options: ExplainOptions = {},
  ): Promise<Explanation> {
    checkDefined("actor", actor);
    checkDefined("resource", resource);
    return this.explainRule("allow", [actor, action, resource], options);
  }

  /**
   * Record rule coverage: every query started until `stop()` is traced, and `report()`
   * lists the items of the loaded policy (rules with `file:line`; for resource blocks and
   * the built-in roles, each declared permission, role and implication) with how often
   * decisions exercised them. For tests: traced queries are slower.
   * @example
   * ```ts
   * const rec = oso.recordCoverage();
   * await oso.isAllowed(alice, "read", repo);
   * rec.stop();
   * console.log(String(rec.report())); // Coverage: 7/12 (58.3%) ...
   * ```
   */
  recordCoverage(): CoverageRecorder {
    const hits = new CoverageHits();
    const roles = this.rolesRuntime();
    const stop = this.observeQueries(() => new CoverageTracer(hits, roles));
    return {
      stop,
      report: () =>
        coverageReport(
          {
            sources: this.sources,
            roles: this.rolesRuntime(),
            blockEnv: {
              hasClass: (n) => this.host.hasClass(n),
              isSubclass: (a, b) => this.host.isSubclass(a, b),
            },
          },
          hits,
        ),
    };
  }

  private rolesRuntime(): RolesRuntime | null {
    if (!this.rolesEnabled) return null;
    const r = this.host.constant(ROLES_CONSTANT)?.value;
    return r instanceof RolesRuntime ? r : null;
  }

  protected override traceNoter(): HostNoter | null {
    return this.rolesEnabled ? rolesNoter(this.printForTrace, this.rolesRuntime()) : null;
  }

  /** The synchronous twin of {@link isAllowed}: throws `async_in_sync` if a host call returns a Promise. */
  isAllowedSync<R extends Defined<Resource>, P = Policy>(
    actor: Defined<Actor>,
    action: NoInfer<ActionFor<P, R, Action>>,
    resource: R,
  ): boolean {
    return this.decide(actor, action as Action, resource, true) as boolean;
  }

  /**
   * Resolve when allowed; otherwise throw the not-found error (the actor may not even read
   * the resource) or the forbidden error (it may read but not do this).
   * @throws {NotFoundError} status 404
   * @throws {ForbiddenError} status 403
   */
  async authorize<R extends Defined<Resource>, P = Policy>(
    actor: Defined<Actor>,
    action: NoInfer<ActionFor<P, R, Action>>,
    resource: R,
    options: AuthorizeOptions = {},
  ): Promise<void> {
    await this.authorizeWith(actor, action as Action, resource, options, false);
  }

  /**
   * {@link authorize}, answered synchronously when it can be: returns `undefined` (allowed)
   * or throws the denial at once when no host call returned a Promise, and returns a Promise
   * otherwise. For adapters and hot paths that should not pay for a Promise per decision.
   */
  authorizeMaybeSync<R extends Defined<Resource>, P = Policy>(
    actor: Defined<Actor>,
    action: NoInfer<ActionFor<P, R, Action>>,
    resource: R,
    options: AuthorizeOptions = {},
  ): void | Promise<void> {
    return this.authorizeWith(actor, action as Action, resource, options, false);
  }

  /** The synchronous twin of {@link authorize}: throws `async_in_sync` if a host call returns a Promise. */
  authorizeSync<R extends Defined<Resource>, P = Policy>(
    actor: Defined<Actor>,
    action: NoInfer<ActionFor<P, R, Action>>,
    resource: R,
    options: AuthorizeOptions = {},
  ): void {
    this.authorizeWith(actor, action as Action, resource, options, true);
  }

  /**
   * One `allow` decision: a boolean when no host call waited (always, when `sync`, which
   * throws `async_in_sync` instead of waiting), else a Promise of it. A missing actor or
   * resource (`undefined`) is a mistake of the caller, never a value to decide on: two
   * of them would unify, and "nobody" plus "nothing" must not make an allow.
   */
  private decide(
    actor: Defined<Actor>,
    action: Action,
    resource: Defined<Resource>,
    sync: boolean,
  ): boolean | Promise<boolean> {
    checkDefined("actor", actor);
    checkDefined("resource", resource);
    const args = [actor, action, resource];
    const compiled = this.decideCompiled("allow", args);
    if (compiled !== undefined) return compiled;
    const run = this.ruleRun("allow", args, false);
    return sync ? run.firstSync() : run.first();
  }

  /** `authorize`: nothing when allowed, else 404 (may not even read) or 403. */
  private authorizeWith(
    actor: Defined<Actor>,
    action: Action,
    resource: Defined<Resource>,
    options: AuthorizeOptions,
    sync: boolean,
  ): void | Promise<void> {
    const deny = (canRead: boolean): never => {
      throw canRead ? new this.forbiddenError() : new this.notFoundError();
    };
    const after = (allowed: boolean): void | Promise<void> => {
      if (allowed) return;
      if (!(options.checkRead ?? true)) deny(true);
      if (action === this.readAction) deny(false);
      const readable = this.decide(actor, this.readAction, resource, sync);
      return typeof readable === "boolean" ? deny(readable) : readable.then(deny);
    };
    const allowed = this.decide(actor, action, resource, sync);
    return typeof allowed === "boolean" ? after(allowed) : allowed.then(after);
  }

  /** Every action `actor` may perform on `resource`. */
  async authorizedActions<R extends Defined<Resource>, P = Policy>(
    actor: Defined<Actor>,
    resource: R,
    options: WildcardOptions = {},
  ): Promise<Set<ActionFor<P, R, Action> | "*">> {
    checkDefined("actor", actor);
    checkDefined("resource", resource);
    return this.collect(
      "allow",
      [actor, new Variable("action"), resource],
      "action",
      "authorizedActions",
      options,
    );
  }

  /** Resolve when `allow_request(actor, request)` holds; otherwise throw the forbidden error. */
  async authorizeRequest(actor: Defined<Actor>, request: Defined<Request>): Promise<void> {
    checkDefined("actor", actor);
    checkDefined("request", request);
    if (!(await this.queryRuleOnce("allow_request", actor, request))) throw new this.forbiddenError();
  }

  /** Resolve when `allow_field(actor, action, resource, field)` holds; otherwise throw the forbidden error. */
  async authorizeField(
    actor: Defined<Actor>,
    action: Action,
    resource: Defined<Resource>,
    field: Field,
  ): Promise<void> {
    checkDefined("actor", actor);
    checkDefined("resource", resource);
    if (!(await this.queryRuleOnce("allow_field", actor, action, resource, field)))
      throw new this.forbiddenError();
  }

  /** Every field of `resource` that `actor` may perform `action` on. */
  async authorizedFields(
    actor: Defined<Actor>,
    action: Action,
    resource: Defined<Resource>,
    options: WildcardOptions = {},
  ): Promise<Set<Field | "*">> {
    checkDefined("actor", actor);
    checkDefined("resource", resource);
    return this.collect(
      "allow_field",
      [actor, action, resource, new Variable("field")],
      "field",
      "authorizedFields",
      options,
    );
  }

  private async collect<T>(
    rule: string,
    args: unknown[],
    name: string,
    api: string,
    options: WildcardOptions,
  ): Promise<Set<T | "*">> {
    const results = new Set<T | "*">();
    for await (const solution of this.queryRule(rule, ...args)) {
      const value = solution.get(name);
      if (value instanceof Variable) {
        if (options.allowWildcard) return new Set(["*"]);
        throw polarError(
          "wildcard_result",
          `The result of ${api}() contained an "unconstrained" ${name} that could represent any ${name}, but allowWildcard was set to false. To fix, set allowWildcard to true and compare with the "*" string.`,
        );
      }
      results.add(value as T);
    }
    return results;
  }
}

function checkDefined(what: string, value: unknown): void {
  if (value === undefined) {
    throw polarError("invalid_argument", `The ${what} is undefined: pass the ${what} (or null for none)`, {
      hint: `A missing ${what} is the caller's to handle (answer 401 or 404) before asking for a decision.`,
    });
  }
}

/**
 * An {@link Oso} typed by a policy binding: the actor is the policy's actor classes (when it
 * has `actor` blocks), and each decision's action must be one the resource's type has
 * (or, for a resource of no bound class, one the policy names anywhere).
 *
 * @example
 * ```ts
 * type GitClubPolicy = PolicyBinding<PolicyTypes, { User: User; Org: Org; Repo: Repo; Issue: Issue }>;
 * const oso: TypedOso<GitClubPolicy> = new Oso();
 * await oso.authorize(user, "create_issue", repo); // ok
 * await oso.authorize(user, "create_issue", org); // compile error: Org has no create_issue
 * ```
 */
export type TypedOso<B extends PolicyBinding> = Oso<
  ActorFor<B>,
  PolicyAction<B>,
  unknown,
  string,
  unknown,
  B
>;
