/**
 * The README's walk-through, as files: every fenced block preceded by a
 * `<!-- walkthrough: NAME -->` comment, by name.
 * @module
 */

/** One marked block: its language (the fence's info string) and its text. */
export interface Block {
  readonly lang: string;
  readonly text: string;
  /** The README line the fence opens on, for messages. */
  readonly line: number;
}

const MARKER = /^<!-- walkthrough: ([\w.-]+) -->$/;
const FENCE = /^```(\w*)$/;

/**
 * The marked blocks of `markdown`, by name. A marker must be followed directly by a fenced
 * block, and a name may appear once.
 * @throws {Error} for a marker without its block, or a name used twice
 */
export function walkthroughBlocks(markdown: string): Map<string, Block> {
  const lines = markdown.split("\n");
  const blocks = new Map<string, Block>();
  lines.forEach((line, i) => {
    const name = MARKER.exec(line)?.[1];
    if (name === undefined) return;
    const lang = FENCE.exec(lines[i + 1] ?? "")?.[1];
    if (lang === undefined)
      throw new Error(`README line ${i + 1}: "${name}" is not followed by a fenced block`);
    const end = lines.indexOf("```", i + 2);
    if (end === -1) throw new Error(`README line ${i + 2}: the block "${name}" is not closed`);
    if (blocks.has(name)) throw new Error(`README line ${i + 1}: a second block named "${name}"`);
    blocks.set(name, { lang, text: `${lines.slice(i + 2, end).join("\n")}\n`, line: i + 2 });
  });
  return blocks;
}

/** The packages a TypeScript file imports (`express`, `@oso-ts/core`), not its relative or `node:` imports. */
export function importedPackages(source: string): string[] {
  const specifiers = [...source.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1] ?? "");
  return specifiers
    .filter((s) => !s.startsWith(".") && !s.startsWith("node:"))
    .map((s) => (s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : (s.split("/")[0] ?? s)));
}
