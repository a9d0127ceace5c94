/**
 * Both frameworks, for `describe.each`.
 * @module
 */
import { expressHarness } from "./express-app.js";
import type { Harness } from "./harness.js";
import { koaHarness } from "./koa-app.js";

export const HARNESSES: readonly Harness[] = [expressHarness, koaHarness];
