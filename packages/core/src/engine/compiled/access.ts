/**
 * Field readers with the field name written into the code: `o.name` compiled per name, so
 * each read site of the tier has its own inline cache and stays monomorphic (one generic
 * `o[name]` shared by every field of every policy is megamorphic, several times slower on
 * the hot path of a decision). Generated with `new Function` from the name as a JSON
 * string literal (no other text of the policy reaches the generated code); where code
 * generation is not allowed (a Content Security Policy), a closure does the same, slower.
 * @module
 */

/** `o.name` if `name in o` (asked first), else {@link ABSENT_FIELD}. Throws what the read throws (a getter, a Proxy trap). */
export type FieldReader = (o: object) => unknown;

/** Returned by a {@link FieldReader} when the object has no such field (own or inherited). */
export const ABSENT_FIELD: unique symbol = Symbol("absent field");

/** Is `name` an own property of `o`? (Reading it then ran no application code.) */
export type OwnCheck = (o: object) => boolean;

import { generateCode } from "./codegen.js";

const readers = new Map<string, FieldReader>();
const owns = new Map<string, OwnCheck>();

/** The reader of field `name` (made once per name, shared by every policy). */
export function fieldReader(name: string): FieldReader {
  let r = readers.get(name);
  if (r === undefined) {
    r = makeReader(name);
    readers.set(name, r);
  }
  return r;
}

/** The own-property check of field `name` (made once per name). */
export function ownCheck(name: string): OwnCheck {
  let c = owns.get(name);
  if (c === undefined) {
    c = makeOwnCheck(name);
    owns.set(name, c);
  }
  return c;
}

function makeOwnCheck(name: string): OwnCheck {
  const key = JSON.stringify(name);
  const generated = generateCode(
    () => new Function(`return function own(o) { return Object.hasOwn(o, ${key}); };`)() as OwnCheck,
  );
  return generated ?? ((o) => Object.hasOwn(o, name));
}

function makeReader(name: string): FieldReader {
  const key = JSON.stringify(name);
  // `in`, then the read, as the host's lookup does: a Proxy may answer a read of a field
  // its `has` trap denies (the interpreter then reports the field missing)
  const generated = generateCode(
    () =>
      new Function("ABSENT", `return function read(o) { return ${key} in o ? o[${key}] : ABSENT; };`)(
        ABSENT_FIELD,
      ) as FieldReader,
  );
  return generated ?? ((o) => (name in o ? (o as Record<string, unknown>)[name] : ABSENT_FIELD));
}
