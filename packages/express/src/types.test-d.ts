/**
 * Type tests of `@oso-ts/express` (run by vitest's typecheck): the loaded resource is typed
 * in `res.locals`, the accessor and the handler's checks are typed, and wrong options do
 * not compile.
 */
import { type Authorized, Oso, type RegisteredActor } from "@oso-ts/core";
import type { RenderableError } from "@oso-ts/core/http";
import express, { type ErrorRequestHandler, type Request, type RequestHandler } from "express";
import { describe, expectTypeOf, test } from "vitest";
import {
  type AuthorizeHandler,
  authorize,
  authorized,
  osoErrorHandler,
  osoMiddleware,
  resourceParam,
} from "./index.js";

interface Page {
  id: number;
  title: string;
}
declare function findPage(id: string): Promise<Page | undefined>;
const loadPage = (req: Request) => findPage(String(req.params.pagenum));
const oso = new Oso();

describe("@oso-ts/express types", () => {
  test("authorize<Page>(...) types res.locals.resource as Page in the next handler", () => {
    const app = express();
    app.get("/page/:pagenum", authorize<Page>("read", loadPage), (_req, res) => {
      expectTypeOf(res.locals.resource).toEqualTypeOf<Page>();
      expectTypeOf(res.locals.actor).toEqualTypeOf<NonNullable<RegisteredActor>>();
    });
    const router = express.Router();
    router.put("/page/:pagenum", express.json(), authorize("write", loadPage), (_req, res) => {
      expectTypeOf(res.locals.resource).toEqualTypeOf<Page>();
    });
  });

  test("the resource type is inferred from the loader, without null or undefined", () => {
    expectTypeOf(authorize("read", loadPage)).toEqualTypeOf<AuthorizeHandler<Page>>();
    expectTypeOf(authorize("read", (req) => (req.params.id ? { id: 1, title: "" } : null))).toEqualTypeOf<
      AuthorizeHandler<{ id: number; title: string }>
    >();
    expectTypeOf(authorize("create", { resource: "pages" as const })).toEqualTypeOf<
      AuthorizeHandler<"pages">
    >();
    expectTypeOf(authorize("read")).toEqualTypeOf<AuthorizeHandler<unknown>>();
    express().use(authorize("read", loadPage));
  });

  test("a loader typed for its route's params is accepted", () => {
    const typed = (req: Request<{ pagenum: string }>) => findPage(req.params.pagenum);
    expectTypeOf(authorize("read", typed)).toEqualTypeOf<AuthorizeHandler<Page>>();
  });

  test("the accessor and the handler's own checks", () => {
    const app = express();
    app.get("/page/:pagenum", async (req, res) => {
      expectTypeOf(authorized<Page>(res)).toEqualTypeOf<Authorized<Page>>();
      expectTypeOf(authorized<Page>(res).resource).toEqualTypeOf<Page>();
      expectTypeOf(req.authorize("read", await findPage("1"))).toEqualTypeOf<Promise<Page>>();
      expectTypeOf(req.authorizedActions({})).toEqualTypeOf<Promise<Set<string>>>();
      // @ts-expect-error a resource that may be undefined: the runtime refuses it
      void req.authorizedActions(await findPage("1"));
      // the allowed actor is never null or undefined: a decision API takes it as it is
      void oso.isAllowed(authorized<Page>(res).actor, "read", {});
    });
  });

  test("the middleware, the error handler and the param loader fit Express", () => {
    expectTypeOf(osoMiddleware({ oso, actor: (req) => req.get("x-user") })).toExtend<RequestHandler>();
    expectTypeOf(osoErrorHandler()).toExtend<ErrorRequestHandler>();
    expectTypeOf(osoErrorHandler)
      .parameter(0)
      .toEqualTypeOf<{ message?: (e: RenderableError) => string } | undefined>();
    express.Router().param(
      "pagenum",
      resourceParam((id, req) => {
        expectTypeOf(id).toEqualTypeOf<string>();
        expectTypeOf(req).toEqualTypeOf<Request>();
        return findPage(id);
      }),
    );
  });

  test("wrong options do not compile", () => {
    // @ts-expect-error `oso` is required
    osoMiddleware({ actor: () => null });
    // @ts-expect-error `actor` is a function
    osoMiddleware({ oso, actor: "user" });
    // @ts-expect-error unknown option
    osoMiddleware({ oso, actor: () => null, getActor: () => null });
    // @ts-expect-error a loader and a fixed resource
    authorize("read", loadPage, { resource: "pages" });
    // @ts-expect-error the action is a string or a function
    authorize(42, loadPage);
    // @ts-expect-error checkRead is a boolean
    authorize("read", loadPage, { checkRead: "no" });
  });
});
