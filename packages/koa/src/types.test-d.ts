/**
 * Type tests of `@oso-ts/koa` (run by vitest's typecheck): the loaded resource is typed in
 * `ctx.state` after `authorize()` on `@koa/router`, the accessor and the handler's checks
 * are typed, and wrong options do not compile.
 */
import Router from "@koa/router";
import { type Authorized, Oso, type RegisteredActor } from "@oso-ts/core";
import type { Context, DefaultState, Middleware } from "koa";
import { describe, expectTypeOf, test } from "vitest";
import {
  type AuthorizeMiddleware,
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
const loadPage = (ctx: Context) => findPage(String(ctx.params.pagenum));
const oso = new Oso();

describe("@oso-ts/koa types", () => {
  test("authorize<Page>(...) types ctx.state.resource as Page in the next middleware", () => {
    const router = new Router();
    router.get("/page/:pagenum", authorize<Page>("read", loadPage), (ctx) => {
      expectTypeOf(ctx.state.resource).toEqualTypeOf<Page>();
      expectTypeOf(ctx.state.actor).toEqualTypeOf<NonNullable<RegisteredActor>>();
      expectTypeOf(ctx.params).toEqualTypeOf<Record<string, string>>();
    });
  });

  test("with a router of the application's own state", () => {
    interface AppState extends DefaultState {
      requestId: string;
    }
    const router = new Router<AppState>();
    router.get("/page/:pagenum", authorize("read", loadPage), (ctx) => {
      expectTypeOf(ctx.state.resource).toEqualTypeOf<Page>();
      expectTypeOf(ctx.state.requestId).toEqualTypeOf<string>();
    });
  });

  test("the resource type is inferred from the loader, without null or undefined", () => {
    expectTypeOf(authorize("read", loadPage)).toEqualTypeOf<AuthorizeMiddleware<Page>>();
    expectTypeOf(authorize("create", { resource: "pages" as const })).toEqualTypeOf<
      AuthorizeMiddleware<"pages">
    >();
    expectTypeOf(authorize("read")).toEqualTypeOf<AuthorizeMiddleware<unknown>>();
    new Router().use(authorize("read", loadPage));
  });

  test("the accessor and the handler's own checks", () => {
    const router = new Router();
    router.get("/page/:pagenum", async (ctx) => {
      expectTypeOf(authorized<Page>(ctx)).toEqualTypeOf<Authorized<Page>>();
      expectTypeOf(ctx.authorize("read", await findPage("1"))).toEqualTypeOf<Promise<Page>>();
      expectTypeOf(ctx.authorizedActions({})).toEqualTypeOf<Promise<Set<string>>>();
      // @ts-expect-error a resource that may be undefined: the runtime refuses it
      void ctx.authorizedActions(await findPage("1"));
      // the allowed actor is never null or undefined: a decision API takes it as it is
      void oso.isAllowed(authorized<Page>(ctx).actor, "read", {});
    });
  });

  test("the middleware, the error handler and the param loader fit Koa", () => {
    expectTypeOf(osoMiddleware({ oso, actor: (ctx) => ctx.state.user })).toExtend<Middleware>();
    expectTypeOf(osoErrorHandler()).toExtend<Middleware>();
    new Router().param(
      "pagenum",
      resourceParam((id) => {
        expectTypeOf(id).toEqualTypeOf<string>();
        return findPage(id);
      }),
    );
  });

  test("wrong options do not compile", () => {
    // @ts-expect-error `oso` is required
    osoMiddleware({ actor: () => null });
    // @ts-expect-error `actor` is a function
    osoMiddleware({ oso, actor: "user" });
    // @ts-expect-error a loader and a fixed resource
    authorize("read", loadPage, { resource: "pages" });
    // @ts-expect-error the action is a string or a function
    authorize(42, loadPage);
  });
});
