/**
 * Loading: validations with positions, warnings, files, inline queries, one load per
 * knowledge base, and that a failed load changes nothing.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { isPolarError, type PolarError } from "../errors.js";
import { quietOso, solve } from "../test-helpers.js";

class User {}
class Admin extends User {}
class Repo {}

async function failure(p: Promise<unknown>): Promise<PolarError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!isPolarError(e)) throw new Error(`expected a PolarError, got ${String(e)}`);
  return e;
}

function oso() {
  const o = quietOso();
  o.registerClass(User);
  o.registerClass(Admin);
  o.registerClass(Repo);
  return o;
}

describe("load-time validation, with positions", () => {
  test.each([
    ["f(x) if y = 1;", "singleton_variable", 1, 3],
    ["f(x) if x = 1", "unrecognized_eof", 1, 14],
    ["f(x) if x = 1;;", "unrecognized_token", 1, 15],
    ["f(x) if g(x);", "undefined_rule_call", 1, 9],
    ["allow(x, y) if x = y;", "invalid_rule", 1, 1],
    ['has_permission("leina", "eat", "food");', "invalid_rule", 1, 1],
    ["type f(x: String); f(1);", "invalid_rule", 1, 20],
    ["f(x) if x = {a: 1, a: 2};", "duplicate_key", 1, 20],
    ["f(x) if x isa Foo;", "unrecognized_token", 1, 11],
    ["allow(a, b, c) if a.constructor = b and c;", "forbidden_lookup", 1, 21],
  ])("%s -> %s at %i:%i", async (policy, code, line, column) => {
    const e = await failure(oso().loadStr(policy, "p.polar"));
    expect(e.code).toBe(code);
    expect([e.file, e.line, e.column]).toEqual(["p.polar", line, column]);
    expect(e.message).toContain(" at line ");
  });

  test("rule types follow the class hierarchy", async () => {
    const o = oso();
    await o.loadStr("type f(x: User); f(_x: Admin); allow(_a, _b, _c);");
    expect(await solve(o, "f(new Admin())")).toEqual([{}]);
    const e = await failure(oso().loadStr("type f(x: Admin); f(_x: User); allow(_a, _b, _c);"));
    expect(e.code).toBe("invalid_rule");
    expect(e.summary).toContain("must match rule type specializer Admin");
  });

  test.each([
    [
      'actor User {} has_permission(_: User, "read", _: Repo);',
      "Rule specializer Repo on parameter 3 must be a member of rule type specializer Resource\n\n\tPerhaps you meant to add a resource block to your policy, like this:\n\n\t  resource Repo { .. }\n",
    ],
    [
      'resource Repo {} has_permission(_: User, "read", _: Repo);',
      "Rule specializer User on parameter 1 must be a member of rule type specializer Actor\n\n\tPerhaps you meant to add an actor block to the top of your policy, like this:\n\n\t  actor User {}\n",
    ],
  ])("a rule on an undeclared resource or actor has Oso's hint: %s", async (policy, text) => {
    const e = await failure(oso().loadStr(policy));
    expect(e.code).toBe("invalid_rule");
    expect(e.summary).toContain(text);
  });

  test("a rule type with an unregistered specializer says so", async () => {
    const e = await failure(oso().loadStr("type f(x: User); f(_x: Ghost); allow(_a, _b, _c);"));
    expect(e.summary).toContain("Rule specializer Ghost on parameter 1 is not registered as a class.");
  });

  test("has_permission on a class without an actor block gets the hint", async () => {
    const e = await failure(oso().loadStr('has_permission(_u: User, "read", _r: Repo); allow(_a, _b, _c);'));
    expect(e.code).toBe("invalid_rule");
    expect(e.summary).toContain("actor User {}");
  });

  test("several independent errors are reported together", async () => {
    const e = await failure(oso().loadStr("f(x) if y = 1;\ng(a) if h(a);\nk(z);\n"));
    expect(e.diagnostics.map((d) => d.code)).toEqual([
      "singleton_variable",
      "singleton_variable",
      "singleton_variable",
      "undefined_rule_call",
    ]);
    const e2 = await failure(oso().loadStr("f(x) if g(x);\nallow(a) if a;\n"));
    expect(e2.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ["invalid_rule", 2],
      ["undefined_rule_call", 1],
    ]);
  });

  test("undefined rule calls suggest a near name", async () => {
    const e = await failure(oso().loadStr("has_role(_a, _b, _c); allow(a, b, c) if has_rol(a, b, c);"));
    expect(e.hint).toBe("Did you mean `has_role`?");
  });

  test("a failed load leaves nothing loaded", async () => {
    const o = oso();
    await failure(o.loadStr("f(1); g(x) if h(x);"));
    await o.loadStr("allow(_a, _b, _c);");
    expect(await o.queryRuleOnce("allow", 1, 2, 3)).toBe(true);
  });
});

describe("warnings", () => {
  test("no allow rule", async () => {
    const o = oso();
    await o.loadStr("f(1);");
    expect(o.warnings.some((w) => w.startsWith("Your policy does not contain an allow rule"))).toBe(true);
    const quiet = quietOso({ ignoreNoAllowWarning: true });
    await quiet.loadStr("f(1);");
    expect(quiet.warnings).toEqual([]);
  });
  test("unknown specializers, with suggestions", async () => {
    const o = oso();
    await o.loadStr("allow(_x: string, _y: Foo, _z);");
    expect(o.warnings).toEqual([
      "Unknown specializer string, did you mean String?",
      "Unknown specializer Foo",
    ]);
  });
  test("ambiguous precedence", async () => {
    const o = oso();
    await o.loadStr("allow(a, b, c) if a = 1 and b = 2 or c = 3;");
    expect(o.warnings[0]).toMatch(/ambiguous/);
  });
});

describe("loading files and sources", () => {
  const dir = mkdtempSync(join(tmpdir(), "oso-ts-load-"));
  const a = join(dir, "a.polar");
  const b = join(dir, "b.polar");
  writeFileSync(a, "allow(_a, _b, _c) if f(1);\n");
  writeFileSync(b, "f(1);\n");
  writeFileSync(join(dir, "bad.polar"), "f(x) if\n");

  test("files load together as one policy", async () => {
    const o = oso();
    await o.loadFiles([a, b]);
    expect(await o.queryRuleOnce("allow", 1, 2, 3)).toBe(true);
  });
  test("errors name the file", async () => {
    const e = await failure(oso().loadFiles([join(dir, "bad.polar")]));
    expect(e.file).toBe(join(dir, "bad.polar"));
    expect(e.message).toContain(`of file ${join(dir, "bad.polar")}`);
  });
  test.each([
    [["x.txt"], "file_extension"],
    [[join(dir, "missing.polar")], "file_not_found"],
  ])("%j -> %s", async (files, code) => {
    expect((await failure(oso().loadFiles(files))).code).toBe(code);
  });
  test("the same file twice", async () => {
    expect((await failure(oso().loadFiles([a, a]))).code).toBe("file_loading");
  });
  test("two files with the same contents, empty ones too (as in Oso)", async () => {
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    for (const text of ["", "  \n", "# only a comment\n"]) {
      const [x, y] = [write("x.polar", text), write("y.polar", text)];
      const e = await failure(oso().loadFiles([x, y]));
      expect(e.code).toBe("file_loading");
      expect(e.message).toContain(
        `A file with the same contents as ${y} named ${x} has already been loaded.`,
      );
    }
    // an empty file and a blank one differ
    await oso().loadFiles([write("e.polar", ""), write("w.polar", "  \n")]);
  });
  test("one load per knowledge base; clearRules allows another", async () => {
    const o = oso();
    await o.loadStr("allow(_a, _b, _c);");
    expect((await failure(o.loadStr("f(1);"))).code).toBe("multiple_load");
    o.clearRules();
    await o.loadStr("f(1); allow(_a, _b, _c) if f(2);");
    expect(await o.queryRuleOnce("allow", 1, 2, 3)).toBe(false);
  });
  test("a load of only comments does not count", async () => {
    const o = oso();
    await o.loadStr("# nothing here\n");
    await o.loadStr("allow(_a, _b, _c);");
  });
});

describe("inline queries", () => {
  test("pass silently", async () => {
    await oso().loadStr("f(1); ?= f(1); allow(_a, _b, _c);");
  });
  test("fail with the query text and position", async () => {
    const e = await failure(oso().loadStr("f(1);\n?= f(2);\nallow(_a, _b, _c);", "q.polar"));
    expect(e.code).toBe("inline_query_failed");
    expect(e.summary).toBe("Inline query failed: f(2)");
    expect([e.line, e.column]).toEqual([2, 4]);
  });
});
