/**
 * What an exception raised while running a goal becomes: a `PolarError` positioned at
 * the goal's source, with host exceptions wrapped as application errors.
 * @module
 */
import { applicationError, isPolarError, polarError } from "../errors.js";
import type { Span } from "../source.js";

/** `e`, raised by the goal at `span` (if known), as the error the query reports. */
export function errorAt(e: unknown, span: Span | undefined): unknown {
  // a denial a host method threw (`ForbiddenError`) is the application's error: rebuilt
  // from its code it would lose its status, so it is wrapped with the status kept
  if (isPolarError(e) && e.kind !== "authorization") {
    if (e.span !== undefined || span === undefined) return e;
    return polarError(e.code, e.summary, { span, cause: e.cause, hint: e.hint });
  }
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return polarError("stack_overflow", "Stack overflow while evaluating the policy", { span, cause: e });
  }
  return applicationError(e, span);
}
