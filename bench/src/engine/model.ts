/**
 * The application objects every engine decides about, and the shape of a scenario:
 * its decisions (with the expected answers) and how each engine expresses its policy.
 * @module
 */
import type { PolarTexts } from "./polar-forms.js";

/** An actor: S1 gives it role names, S2/S3 role assignments ({@link Role}). */
export class User<R> {
  constructor(
    readonly name: string,
    readonly roles: readonly R[],
  ) {}
}

/** The quickstart's resource (S1). */
export class Page {
  constructor(readonly id: number) {}
}

export class Org {
  constructor(readonly id: string) {}
}

export class Repo {
  constructor(
    readonly id: string,
    readonly org: Org,
  ) {}
}

export class Issue {
  constructor(
    readonly id: string,
    readonly repo: Repo,
  ) {}
}

/** A role assignment: `name` on `resource` (S2/S3). */
export class Role {
  constructor(
    readonly name: string,
    readonly resource: Org | Repo,
  ) {}
}

/** One timed question, with the answer every engine must give. */
export interface Decision<A, R> {
  /** Column heading, e.g. `admin read`. */
  readonly label: string;
  readonly actor: A;
  readonly action: string;
  readonly resource: R;
  readonly expected: boolean;
}

/** The minimal CASL surface the benchmark calls. */
export interface CaslAbility<R> {
  can(action: string, subject: R): boolean;
}

/** A class handed to the Polar engines with `registerClass`. */
export type HostClass = new (...args: never[]) => object;

/** A scenario, expressed once per engine. */
export interface ScenarioSpec<A, R> {
  /** `S1`, `S2`, ... */
  readonly id: string;
  readonly title: string;
  readonly decisions: readonly Decision<A, R>[];
  /** Classes registered with both Polar engines (under their class names). */
  readonly classes: readonly HostClass[];
  /** The policy in each Polar form this scenario is written in (same text for oso-ts and oso@0.27.3). */
  readonly polar: PolarTexts;
  readonly casbin: {
    /** `model.conf` text. */
    readonly model: string;
    /** Policy lines (CSV), loaded with casbin's `StringAdapter`. */
    readonly policy: string;
    /** The `enforceSync` arguments for a decision (computed inside the timed call). */
    request(actor: A, action: string, resource: R): readonly string[];
  };
  readonly casl: {
    /** Build the actor's ability (once per actor, outside the timed call, as apps cache it). */
    abilityFor(actor: A): CaslAbility<R>;
  };
  /** The obvious hand-written check. */
  plain(actor: A, action: string, resource: R): boolean;
}
