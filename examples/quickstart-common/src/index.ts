/**
 * What the Express and Koa quickstarts share: Oso's quickstart policy and the `Oso` that
 * loads it, the users and pages, the HTML, the start-up banner and the test table. Each
 * app keeps only what is its framework's: the routes and the error handling.
 * @module
 */
export { banner } from "./banner.js";
export { QUICKSTART_CASES, type QuickstartCase } from "./cases.js";
export {
  denialHtml,
  METHOD_NOT_ALLOWED_HTML,
  PAGE_METHODS,
  pageHtml,
  SORRY_HTML,
  WWW_AUTHENTICATE,
  writtenHtml,
} from "./html.js";
export { createOso, POLICY_FILE } from "./oso.js";
export { Page } from "./page.js";
export type { QuickstartPolicy } from "./policy.js";
export type { PolicyTypes } from "./policy-types.js";
export { portFromEnv, type ServeOptions, serve } from "./serve.js";
export { stopOnSignals } from "./shutdown.js";
export { type Role, User } from "./user.js";
