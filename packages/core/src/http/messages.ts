/**
 * Every message of the HTTP building block, in one table. Configuration messages name the
 * call at fault and say how to fix it; they are thrown at start-up, not per request.
 * @module
 */
import { repr } from "../host/repr.js";

/** `"read"` quoted, anything else described. */
export function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : repr(value, 1);
}

export const MESSAGES = {
  optionsNotObject: (got: unknown) =>
    `osoMiddleware(): expected an options object ({ oso, actor }), got ${describe(got)}`,
  missingOso: () =>
    "osoMiddleware(): the `oso` option is required: pass the Oso instance that holds the policy, as in osoMiddleware({ oso, actor: (req) => req.user })",
  badOso: (got: unknown) =>
    `osoMiddleware(): \`oso\` must be an Oso instance (with authorize() and authorizedActions()), got ${describe(got)}`,
  badActor: (got: unknown) =>
    `osoMiddleware(): \`actor\` must be a function of the request returning the actor (null or undefined when nobody is logged in), got ${describe(got)}`,
  badUnauthenticated: (got: unknown) =>
    `osoMiddleware(): \`unauthenticated\` must be an object such as { wwwAuthenticate: 'Bearer realm="app"' }, got ${describe(got)}`,
  badWwwAuthenticate: (got: unknown) =>
    `osoMiddleware(): \`unauthenticated.wwwAuthenticate\` must be a non-empty header value (the WWW-Authenticate header of the 401: printable ASCII, no line breaks), got ${describe(got)}`,
  badTimeout: (got: unknown, max: number) =>
    `osoMiddleware(): \`timeoutMs\` must be a whole number of milliseconds from 0 (no limit) to ${max}, got ${describe(got)}`,
  anonymousClass: () =>
    "osoMiddleware(): `anonymous` is a class; pass an instance (`anonymous: new Guest()`) or a factory (`anonymous: () => new Guest()`)",
  unknownOption: (call: string, key: string, known: readonly string[]) =>
    `${call}: unknown option \`${key}\` (known options: ${known.join(", ")})`,
  badAction: (call: string, got: unknown) =>
    `${call}: the action must be a non-empty string or a function of the request returning one, got ${describe(got)}`,
  badLoader: (call: string, got: unknown) =>
    `${call}: the loader must be a function of the request returning the resource (or null when there is none), got ${describe(got)}`,
  badRouteOptions: (call: string, got: unknown) =>
    `${call}: options must be an object such as { checkRead: false }, got ${describe(got)}`,
  badCheckRead: (call: string, got: unknown) =>
    `${call}: \`checkRead\` must be a boolean, got ${describe(got)}`,
  loaderAndResource: (call: string) =>
    `${call}: give either a loader or a fixed \`resource\` option, not both`,
  nullResource: (call: string) =>
    `${call}: the \`resource\` option must not be null or undefined; leave it out to use a loader or a param loader`,
  actionResult: (got: unknown) =>
    `authorize(): the action function must return a non-empty string, got ${describe(got)}`,
  noResource: (action: string) =>
    `authorize(${describe(action)}) has no loader and no \`resource\` option, and no resourceParam() loader ran for this route's innermost parameter: pass a loader, a fixed resource, or register router.param(name, resourceParam(load)) for that parameter`,
  missingMiddleware: (call: string) =>
    `${call} needs osoMiddleware(): mount app.use(osoMiddleware({ oso, actor })) before the routes that authorize`,
  notAuthorized: (call: string) =>
    `${call}: no authorize() middleware allowed this request, so there is no actor and resource to return`,
  badRenderOptions: (got: unknown) =>
    `osoErrorHandler(): options must be an object such as { message: (error) => error.message }, got ${describe(got)}`,
  badRenderMessage: (got: unknown) =>
    `osoErrorHandler(): \`message\` must be a function of the error returning the text to show, got ${describe(got)}`,
} as const;
