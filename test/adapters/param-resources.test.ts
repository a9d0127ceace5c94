/**
 * `authorize(action)` without a loader checks the resource of the route's innermost
 * parameter, never an outer one: an org's loader must not stand in for a repo that has no
 * loader (that would decide about the wrong object, and could allow).
 */
import Router from "@koa/router";
import { Oso } from "@oso-ts/core";
import * as E from "@oso-ts/express";
import * as K from "@oso-ts/koa";
import express from "express";
import Koa from "koa";
import request from "supertest";
import { beforeAll, describe, expect, test } from "vitest";

class User {
  constructor(readonly name: string) {}
}
class Org {
  constructor(readonly id: string) {}
}
class Repo {
  constructor(
    readonly id: string,
    readonly secret: boolean,
  ) {}
}

let oso: Oso;
beforeAll(async () => {
  oso = new Oso();
  for (const c of [User, Org, Repo]) oso.registerClass(c);
  await oso.loadStr(`allow(_u: User, "read", _o: Org);
allow(_u: User, "read", r: Repo) if not r.secret;`);
});

const loadOrg = (id: string) => new Org(id);
const loadRepo = (id: string) => new Repo(id, id === "private");

function expressApp(withRepoLoader: boolean) {
  const app = express();
  app.use(E.osoMiddleware({ oso, actor: () => new User("bob") }));
  app.param("org", E.resourceParam(loadOrg));
  const repos = express.Router({ mergeParams: true });
  if (withRepoLoader) repos.param("repo", E.resourceParam(loadRepo));
  repos.get("/repos/:repo", E.authorize("read"), (_req, res) => {
    res.json({ checked: E.authorized(res).resource?.constructor.name });
  });
  app.use("/orgs/:org", repos);
  app.use(E.osoErrorHandler());
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ code: (err as { code?: string }).code });
  });
  return app.listen(0);
}

function koaApp(withRepoLoader: boolean) {
  const app = new Koa();
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      ctx.status = (err as { status?: number }).status ?? 500;
      ctx.body = { code: (err as { code?: string }).code };
    }
  });
  app.use(K.osoMiddleware({ oso, actor: () => new User("bob") }));
  const router = new Router();
  router.param("org", K.resourceParam(loadOrg));
  if (withRepoLoader) router.param("repo", K.resourceParam(loadRepo));
  router.get("/orgs/:org/repos/:repo", K.authorize("read"), (ctx) => {
    ctx.body = { checked: K.authorized(ctx).resource?.constructor.name };
  });
  app.use(router.routes());
  return app.callback();
}

describe.each([
  ["express", expressApp],
  ["koa", koaApp],
] as const)("%s", (_name, make) => {
  test("the inner parameter's resource is checked", async () => {
    const app = make(true);
    const open = await request(app).get("/orgs/acme/repos/public");
    expect([open.status, open.body.checked]).toEqual([200, "Repo"]);
    expect((await request(app).get("/orgs/acme/repos/private")).status).toBe(404);
  });

  test("the inner parameter's resource is checked even when its value equals the outer one", async () => {
    const app = make(true);
    const r = await request(app).get("/orgs/private/repos/private");
    expect(r.status).toBe(404);
  });

  test("without a loader for the inner parameter, it fails closed instead of checking the outer resource", async () => {
    const app = make(false);
    const r = await request(app).get("/orgs/acme/repos/private");
    expect(r.status).toBe(500);
    expect(r.body.code).toBe("invalid_state");
  });
});
