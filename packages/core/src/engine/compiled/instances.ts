/**
 * Separate copies of the tier's hot operations, one per rule and call site.
 *
 * V8 keeps type feedback (inline caches) per function, shared by every closure made from
 * the same source. The tier's operations are closures of a few generic factories, so the
 * one `body(frame, exit)` call site of all rules sees every rule's body and the one head
 * loop sees every rule's parameters: megamorphic, uninlinable, several times slower than
 * the code a rule needs. {@link instantiate} compiles a factory's own source again (with
 * `new Function`), so each rule and call site runs its own copy with its own feedback:
 * monomorphic for the decisions an application makes.
 *
 * INVARIANT: a factory given to {@link instantiate} refers to nothing but its parameters
 * and globals (its source is compiled again outside this module), and is a plain
 * `function` (not a method). Where code generation is not allowed, the factory itself is
 * used: the same behaviour, slower.
 * @module
 */

import { generateCode } from "./codegen.js";

// biome-ignore lint/suspicious/noExplicitAny: factories of any signature
type Factory = (...args: any[]) => unknown;

const copies = new Map<Factory, number>();

/** A copy of `factory` with its own type feedback (or `factory` itself where code generation is refused). */
export function instantiate<F extends Factory>(factory: F): F {
  const copy = generateCode(() => new Function(`"use strict"; return (${factory.toString()});`)() as F);
  if (copy === null) return factory;
  copies.set(factory, (copies.get(factory) ?? 0) + 1);
  return copy;
}

/** How many copies of each factory were made (for tests). */
export function copiesMade(factory: Factory): number {
  return copies.get(factory) ?? 0;
}
