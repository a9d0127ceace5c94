/**
 * Both frameworks' drivers, for `describe.each`.
 * @module
 */
import type { Driver } from "./driver.js";
import { expressDriver } from "./express-driver.js";
import { koaDriver } from "./koa-driver.js";

export const DRIVERS: readonly Driver[] = [expressDriver, koaDriver];
