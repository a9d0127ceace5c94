/**
 * The check that a set of policy files has no file twice, by name or by contents.
 * @module
 */
import { polarError } from "../errors.js";
import type { Source } from "../source.js";

/** Refuse a file given twice (same name), or two files with the same contents, as Oso does. */
export function checkDuplicateFiles(sources: readonly Source[]): void {
  const byName = new Map<string, string>();
  const byContent = new Map<string, string>();
  for (const s of sources) {
    if (s.filename === undefined) continue;
    const sameName = byName.get(s.filename);
    if (sameName !== undefined) {
      throw polarError(
        "file_loading",
        sameName === s.text
          ? `Problem loading file: File ${s.filename} has already been loaded.`
          : `Problem loading file: A file with the name ${s.filename}, but different contents has already been loaded.`,
      );
    }
    const sameContent = byContent.get(s.text);
    // empty files too: Oso refuses a second file with the same contents, whatever they are
    if (sameContent !== undefined) {
      throw polarError(
        "file_loading",
        `Problem loading file: A file with the same contents as ${s.filename} named ${sameContent} has already been loaded.`,
      );
    }
    byName.set(s.filename, s.text);
    byContent.set(s.text, s.filename);
  }
}
