/**
 * A contender: one engine (and, for Polar, one policy form and one API) made ready to
 * answer a scenario's decisions.
 * @module
 */
import type { TimedCall } from "../timing.js";
import type { Decision } from "./model.js";
import type { PolarFormId } from "./polar-forms.js";

export type EngineId = "plain" | "casl" | "casbin" | "oso-ts" | "oso-ts-interpreter" | "oso";

export interface Contender<A, R> {
  /** Row heading, e.g. `oso-ts blocks isAllowed`. */
  readonly name: string;
  readonly engine: EngineId;
  /** The Polar form, for the Polar engines. */
  readonly form?: PolarFormId;
  /** The call timed for one decision (setup such as building a CASL ability happens here). */
  prepare(decision: Decision<A, R>): TimedCall;
}
