/**
 * Running one query with a {@link TraceRecorder} and packaging the result.
 * @module
 */
import { applicationError, isPolarError, type PolarError, polarError } from "../errors.js";
import { formatTrace } from "./format.js";
import { DEFAULT_MAX_NODES, type HostNoter, TraceRecorder } from "./recorder.js";
import type { ExplainOptions, Explanation, QueryTrace } from "./types.js";

/** The bound on a trace's entries from options, checked. */
export function maxNodesOf(options: ExplainOptions | undefined): number {
  const n = options?.maxNodes;
  if (n === undefined) return DEFAULT_MAX_NODES;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    throw polarError("invalid_argument", `explain(): maxNodes must be a positive integer, got ${String(n)}`);
  }
  return n;
}

/**
 * Run `decide` (which answers with the tracer attached) and explain it. An error is part
 * of the explanation, with `allowed` false: a decision that errors never allows.
 */
export async function explainWith(
  query: string,
  recorder: TraceRecorder,
  decide: () => boolean | Promise<boolean>,
  verdict?: [string, string],
): Promise<Explanation> {
  let allowed = false;
  let error: PolarError | undefined;
  try {
    allowed = await decide();
  } catch (e) {
    error = isPolarError(e) ? e : applicationError(e);
  }
  const trace: QueryTrace = { query, children: recorder.entries() };
  const truncated = recorder.truncated;
  return {
    allowed: error === undefined && allowed,
    ...(error === undefined ? {} : { error }),
    trace,
    truncated,
    toString: () => formatTrace(trace, allowed, error, truncated, verdict),
  };
}

export { type HostNoter, TraceRecorder };
