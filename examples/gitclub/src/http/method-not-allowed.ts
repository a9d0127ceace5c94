/**
 * 405 for a method a route does not take, with the ones it takes in `Allow` (RFC 9110
 * requires it). Express itself answers such a request 404, as if the path did not exist.
 * @module
 */
import type { RequestHandler, Router } from "express";
import { sendError } from "./errors.js";

/**
 * What this module reads of an Express 5 router's layers: the `router` package's `Layer`,
 * whose `match` @types/express does not declare.
 */
interface RouteLayer {
  readonly route?: { readonly methods: Readonly<Record<string, boolean | undefined>> };
  match(path: string): boolean;
}

/**
 * A handler to mount after `router`: a request none of its routes took, on a path one of them
 * has, gets 405 and `Allow`. Any other request passes on (to the 404). It only reads the
 * routes, so it follows them as they are added.
 */
export function methodNotAllowed(router: Router): RequestHandler {
  return (req, res, next) => {
    const allowed = new Set<string>();
    for (const layer of router.stack as unknown as RouteLayer[]) {
      if (layer.route === undefined || !layer.match(req.path)) continue;
      for (const [method, on] of Object.entries(layer.route.methods))
        if (on === true && method !== "_all") allowed.add(method.toUpperCase());
    }
    if (allowed.size === 0) {
      next();
      return;
    }
    if (allowed.has("GET")) allowed.add("HEAD"); // Express answers HEAD with the GET route
    res.set("Allow", [...allowed].sort().join(", "));
    sendError(res, { status: 405, code: "method_not_allowed", message: "Method Not Allowed" });
  };
}
