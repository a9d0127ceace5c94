/**
 * Type tests of the decision APIs (run by vitest's typecheck): an actor, resource or request
 * that may be `undefined` does not compile, as the runtime refuses it (`invalid_argument`);
 * `null` and defined values do.
 */
import { describe, expectTypeOf, test } from "vitest";
import { type Defined, Oso } from "./index.js";

class User {
  constructor(readonly name: string) {}
  static getCurrentUser(name: string): User | undefined {
    return name === "alice" ? new User(name) : undefined;
  }
}
class Page {
  readonly title = "";
  static getPage(id: number): Page | undefined {
    return id === 0 ? new Page() : undefined;
  }
}

const oso = new Oso();
const typed = new Oso<User, string, Page>();
const maybeUser = User.getCurrentUser("mallory");
const maybePage = Page.getPage(1);
const user = new User("alice");
const page = new Page();

describe("decision APIs refuse a possibly undefined actor or resource", () => {
  test("isAllowed and its sync twin", () => {
    // @ts-expect-error the actor may be undefined
    void oso.isAllowed(maybeUser, "read", page);
    // @ts-expect-error the resource may be undefined
    void oso.isAllowed(user, "read", maybePage);
    // @ts-expect-error undefined itself
    void oso.isAllowed(undefined, "read", page);
    // @ts-expect-error the actor may be undefined
    oso.isAllowedSync(maybeUser, "read", page);
    // @ts-expect-error the resource may be undefined
    typed.isAllowedSync(user, "read", maybePage);
    expectTypeOf(oso.isAllowed(user, "read", page)).toEqualTypeOf<Promise<boolean>>();
    expectTypeOf(typed.isAllowedSync(user, "read", page)).toEqualTypeOf<boolean>();
  });

  test("authorize, authorizeSync, authorizeMaybeSync", () => {
    // @ts-expect-error the actor may be undefined
    void oso.authorize(maybeUser, "read", page);
    // @ts-expect-error the resource may be undefined
    void typed.authorize(user, "read", maybePage);
    // @ts-expect-error the actor may be undefined
    oso.authorizeSync(maybeUser, "read", page);
    // @ts-expect-error the resource may be undefined
    void oso.authorizeMaybeSync(user, "read", maybePage);
  });

  test("authorizedActions, authorizeField, authorizedFields, authorizeRequest", () => {
    // @ts-expect-error the actor may be undefined
    void oso.authorizedActions(maybeUser, page);
    // @ts-expect-error the resource may be undefined
    void oso.authorizedActions(user, maybePage);
    // @ts-expect-error the actor may be undefined
    void oso.authorizeField(maybeUser, "read", page, "title");
    // @ts-expect-error the resource may be undefined
    void oso.authorizedFields(user, "read", maybePage);
    // @ts-expect-error the request may be undefined
    void oso.authorizeRequest(user, undefined as { path: string } | undefined);
  });

  test("null, defined values, a narrowed value and `any` still compile", () => {
    void oso.isAllowed(null, "read", page);
    void oso.authorize(user, "read", null);
    if (maybeUser !== undefined) void typed.isAllowed(maybeUser, "read", page);
    void oso.isAllowed(JSON.parse("{}"), "read", page);
    expectTypeOf<Defined<User | undefined>>().toEqualTypeOf<User>();
    expectTypeOf<Defined<unknown>>().toEqualTypeOf<NonNullable<unknown> | null>();
  });

  test("generic code passes a value constrained to be defined", () => {
    const check = <A extends Defined<unknown>>(o: Oso<A>, actor: A) => o.isAllowed(actor, "read", page);
    expectTypeOf(check(typed, user)).toEqualTypeOf<Promise<boolean>>();
  });
});
