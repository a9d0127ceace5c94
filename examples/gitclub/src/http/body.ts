/**
 * Reading JSON request bodies: each route says which fields it takes; anything else is
 * a 400 that says what was wrong.
 * @module
 */
import { HttpError } from "./errors.js";

/** How one string field is checked. */
export interface FieldRule {
  /** A 400 when the field is missing. */
  required?: boolean;
  /** A 400 when the field is there but blank. */
  nonBlank?: boolean;
  /** The longest value allowed. */
  maxLength: number;
  /** A pattern the value must match, with what to say when it does not. */
  pattern?: { regexp: RegExp; description: string };
}

/**
 * The string fields of a JSON body, checked against `rules`: a body that is not an
 * object, an unknown field, a value that is not a string, too long, empty or off pattern
 * is a 400. Missing optional fields are left out of the result.
 * @throws {HttpError} 400
 */
export function stringFields<K extends string>(
  body: unknown,
  rules: Readonly<Record<K, FieldRule>>,
): Partial<Record<K, string>> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new HttpError(400, "The body must be a JSON object");
  }
  const known = Object.keys(rules);
  for (const key of Object.keys(body)) {
    if (!known.includes(key))
      throw new HttpError(400, `Unknown field "${key}" (expected: ${known.join(", ")})`);
  }
  const fields: Partial<Record<K, string>> = {};
  for (const key of known as K[]) {
    const rule = rules[key];
    const value = (body as Record<string, unknown>)[key];
    if (value === undefined) {
      if (rule.required) throw new HttpError(400, `Missing field "${key}"`);
      continue;
    }
    if (typeof value !== "string") throw new HttpError(400, `Field "${key}" must be a string`);
    if (rule.nonBlank && value.trim() === "") throw new HttpError(400, `Field "${key}" must not be blank`);
    if (value.length > rule.maxLength) {
      throw new HttpError(400, `Field "${key}" is longer than ${rule.maxLength} characters`);
    }
    if (rule.pattern && !rule.pattern.regexp.test(value)) {
      throw new HttpError(400, `Field "${key}" must be ${rule.pattern.description}`);
    }
    fields[key] = value;
  }
  return fields;
}

/** A URL-friendly name: what repository names must look like. */
export const NAME_PATTERN = {
  regexp: /^[a-z0-9][a-z0-9-]*$/,
  description: "lowercase letters, digits and dashes, starting with a letter or digit",
};
