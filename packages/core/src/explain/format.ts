/**
 * An explanation as readable text: one line per rule tried (with `file:line`) and per host
 * value read, indented by depth.
 * @module
 */
import { formatLocation } from "./locations.js";
import type { QueryTrace, TraceEntry } from "./types.js";

/** The text of an explanation. */
export function formatTrace(
  trace: QueryTrace,
  allowed: boolean,
  error: { message: string } | undefined,
  truncated: boolean,
  verdict: [yes: string, no: string] = ["allowed", "denied"],
): string {
  const lines: string[] = [];
  const answer = error !== undefined ? `error: ${error.message}` : allowed ? verdict[0] : verdict[1];
  lines.push(`${trace.query}: ${answer}`);
  if (trace.children.length === 0) lines.push("  no rule was tried");
  for (const e of trace.children) entry(e, 1, lines);
  if (truncated) lines.push("  ... trace cut at the maxNodes bound (pass a larger maxNodes to see more)");
  return lines.join("\n");
}

function entry(e: TraceEntry, depth: number, lines: string[]): void {
  const pad = "  ".repeat(depth);
  if (e.kind === "host") {
    // a value the library's generated rules read (no place in the policy): its note says it
    if (e.location === null && e.note !== undefined) {
      for (const l of e.note.split("\n")) lines.push(`${pad}${l}`);
      return;
    }
    const args = e.args.length > 0 ? ` with (${e.args.join(", ")})` : "";
    const note = e.note === undefined ? "" : `  [${e.note}]`;
    lines.push(`${pad}${e.expression}${args} = ${e.result}${note}`);
    return;
  }
  const where = formatLocation(e.location);
  const args = e.args.length > 0 ? ` with (${e.args.join(", ")})` : "";
  let line = `${pad}${e.outcome} ${e.text} at ${where}${args}`;
  if (e.outcome === "failed" && e.failedAt !== undefined) {
    const at = e.failedAt.location === null ? "" : ` (${formatLocation(e.failedAt.location, true)})`;
    line +=
      e.failedAt.location === null
        ? `\n${pad}  failed: ${e.failedAt.condition}`
        : `\n${pad}  failed at \`${e.failedAt.condition}\`${at}`;
  }
  if (e.outcome === "raised" && e.error !== undefined) line += `\n${pad}  raised: ${e.error}`;
  lines.push(line);
  for (const c of e.children) entry(c, depth + 1, lines);
}
