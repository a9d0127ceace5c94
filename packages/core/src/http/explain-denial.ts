/**
 * The adapters' `explain` option: a 403 or 404 from a decision carries the decision's
 * explanation as `err.explanation`, for the application's error path to log. It is a
 * non-enumerable property, and the default renderer never reads it: an explanation shows
 * the policy and the actor's data, so it goes into a response only if the application
 * puts it there.
 * @module
 */
import { isThenable } from "../engine/host-port.js";
import { isAuthorizationError } from "./render.js";
import type { OsoAuthorizer } from "./types.js";

/**
 * `decide()`, with the explanation of `allow(actor, action, resource)` attached to the
 * 403 / 404 it throws. Other errors (and a failure to explain) pass unchanged.
 */
export function withExplanation(
  oso: OsoAuthorizer,
  actor: unknown,
  action: string,
  resource: unknown,
  decide: () => void | Promise<void>,
): void | Promise<void> {
  const attach = async (e: unknown): Promise<never> => {
    const status = (e as { status?: unknown } | null)?.status;
    if (!isAuthorizationError(e) || (status !== 403 && status !== 404) || typeof oso.explain !== "function") {
      throw e;
    }
    try {
      const explanation = await oso.explain(actor, action, resource);
      Object.defineProperty(e, "explanation", { value: explanation, enumerable: false, configurable: true });
    } catch {
      // explaining is a development aid: the denial stands without it
    }
    throw e;
  };
  let result: void | Promise<void>;
  try {
    result = decide();
  } catch (e) {
    return attach(e);
  }
  return isThenable(result) ? Promise.resolve(result).catch(attach) : result;
}
