/**
 * Arithmetic and comparison on Polar values.
 *
 * Integers are signed 64-bit: a JavaScript number while it is a safe integer, a bigint
 * beyond; overflow is an error, never wrap-around. `/` always yields a float; `mod` is
 * floored and `rem` truncated. Comparisons treat booleans as 0/1, order strings by code
 * point, and refuse lists and dicts (`[1] == [1]` is an error, as in Oso).
 * @module
 */
import { polarError } from "../errors.js";
import { compareKeys, isHostValue } from "./terms.js";

export const OP_ADD = 0;
export const OP_SUB = 1;
export const OP_MUL = 2;
export const OP_DIV = 3;
export const OP_MOD = 4;
export const OP_REM = 5;

export const CMP_EQ = 0;
export const CMP_NEQ = 1;
export const CMP_LT = 2;
export const CMP_LEQ = 3;
export const CMP_GT = 4;
export const CMP_GEQ = 5;

/** Polar's comparison operators by their syntax-tree name (`eq`, `lt`...). */
export const CMP_OPS: Readonly<Record<string, number>> = {
  eq: CMP_EQ,
  neq: CMP_NEQ,
  lt: CMP_LT,
  leq: CMP_LEQ,
  gt: CMP_GT,
  geq: CMP_GEQ,
};

/** Polar's arithmetic operators by their syntax-tree name (`add`, `mod`...). */
export const ARITH_OPS: Readonly<Record<string, number>> = {
  add: OP_ADD,
  sub: OP_SUB,
  mul: OP_MUL,
  div: OP_DIV,
  mod: OP_MOD,
  rem: OP_REM,
};

export const ARITH_SYMBOLS = ["+", "-", "*", "/", "mod", "rem"] as const;

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

function isInteger(x: number | bigint): boolean {
  return typeof x === "bigint" || Number.isSafeInteger(x);
}

/** Normalise an exact integer result: a number when safe, a bigint when in i64, else overflow. */
function fromBig(r: bigint): number | bigint | undefined {
  if (r < I64_MIN || r > I64_MAX) return undefined;
  return r >= BigInt(Number.MIN_SAFE_INTEGER) && r <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(r) : r;
}

/**
 * Apply arithmetic operator `op` to two numbers. Returns `undefined` on integer overflow
 * or integer division by zero (`mod`/`rem`), which the caller reports with the expression.
 * Throws `unsupported` for non-numeric operands.
 */
export function arithmetic(op: number, a: unknown, b: unknown): number | bigint | undefined {
  if ((typeof a !== "number" && typeof a !== "bigint") || (typeof b !== "number" && typeof b !== "bigint")) {
    throw polarError("unsupported", "Not supported: unsupported arithmetic operands");
  }
  if (op === OP_DIV) return Number(a) / Number(b);
  if (isInteger(a) && isInteger(b)) return integerOp(op, a, b);
  const x = Number(a);
  const y = Number(b);
  switch (op) {
    case OP_ADD:
      return x + y;
    case OP_SUB:
      return x - y;
    case OP_MUL:
      return x * y;
    case OP_MOD:
      return ((x % y) + y) % y;
    default:
      return x % y;
  }
}

function integerOp(op: number, a: number | bigint, b: number | bigint): number | bigint | undefined {
  if (typeof a === "number" && typeof b === "number") {
    let r: number;
    switch (op) {
      case OP_ADD:
        r = a + b;
        break;
      case OP_SUB:
        r = a - b;
        break;
      case OP_MUL:
        r = a * b;
        break;
      case OP_MOD:
        if (b === 0) return undefined;
        r = ((a % b) + b) % b;
        break;
      default:
        if (b === 0) return undefined;
        r = a % b;
    }
    // exact whenever the result is a safe integer; otherwise redo it exactly
    if (Number.isSafeInteger(r)) return r === 0 ? 0 : r;
  }
  const x = BigInt(a);
  const y = BigInt(b);
  switch (op) {
    case OP_ADD:
      return fromBig(x + y);
    case OP_SUB:
      return fromBig(x - y);
    case OP_MUL:
      return fromBig(x * y);
    case OP_MOD:
      return y === 0n ? undefined : fromBig(((x % y) + y) % y);
    default:
      return y === 0n ? undefined : fromBig(x % y);
  }
}

/** What comparison needs from the host: operators involving host instances. */
export interface ComparisonHost {
  compare(op: number, a: unknown, b: unknown): boolean;
}

/** Compare two dereferenced, bound values. Throws `unsupported` for lists, dicts and mixed kinds. */
export function compare(op: number, a: unknown, b: unknown, host: ComparisonHost): boolean {
  const ta = typeof a;
  const tb = typeof b;
  if (
    (ta === "number" || ta === "bigint" || ta === "boolean") &&
    (tb === "number" || tb === "bigint" || tb === "boolean")
  ) {
    return compareNumbers(
      op,
      ta === "boolean" ? Number(a) : (a as number),
      tb === "boolean" ? Number(b) : (b as number),
    );
  }
  if (ta === "string" && tb === "string") return fromOrder(op, compareKeys(a as string, b as string));
  if (isHostValue(a) || isHostValue(b)) return host.compare(op, a, b);
  throw polarError("unsupported", "Not supported: comparison of these values");
}

function compareNumbers(op: number, a: number | bigint, b: number | bigint): boolean {
  // `<` and friends compare number and bigint exactly; `==` does too when loose
  switch (op) {
    case CMP_EQ:
      // biome-ignore lint/suspicious/noDoubleEquals: exact comparison across number and bigint
      return a == b;
    case CMP_NEQ:
      // biome-ignore lint/suspicious/noDoubleEquals: exact comparison across number and bigint
      return a != b;
    case CMP_LT:
      return a < b;
    case CMP_LEQ:
      return a <= b;
    case CMP_GT:
      return a > b;
    default:
      return a >= b;
  }
}

function fromOrder(op: number, c: number): boolean {
  switch (op) {
    case CMP_EQ:
      return c === 0;
    case CMP_NEQ:
      return c !== 0;
    case CMP_LT:
      return c < 0;
    case CMP_LEQ:
      return c <= 0;
    case CMP_GT:
      return c > 0;
    default:
      return c >= 0;
  }
}
