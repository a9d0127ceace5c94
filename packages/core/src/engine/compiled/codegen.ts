/**
 * Whether the compiled tier may generate code (`new Function`). Code generation is an
 * optimisation only: where it is refused (a Content Security Policy throws on it), or
 * switched off here, every generated piece has a closure doing the same, slower. Tests
 * switch it off to run the closures.
 * @module
 */

/** Turned off for good after the first refusal; tests may turn it off and on. */
export const codeGeneration = { allowed: true };

/** `make()` if code may be generated and it succeeds, else null (and no later attempts if it was refused). */
export function generateCode<T>(make: () => T): T | null {
  if (!codeGeneration.allowed) return null;
  try {
    return make();
  } catch {
    codeGeneration.allowed = false;
    return null;
  }
}
