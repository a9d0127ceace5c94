/**
 * Parsing scenario: a generated 10,000-rule policy (specializers, dicts, lists, dot calls,
 * `and`/`or`), lexed and parsed several times. Target: under 100 ms for the whole policy.
 * @module
 */
import { makeSource, parsePolicy } from "@oso-ts/core";
// The lexer is not part of the package's public surface: reach into the build output.
import { Lexer, tokenize } from "../../packages/core/dist/syntax/lexer.js";
import { noOptions } from "./plan.js";
import { formatTiming, measure } from "./timing.js";

export const name = "parse";

/** The parsing benchmark takes no options. */
export const checkArgs = noOptions(name);

const RULES = 10_000;
const RUNS = 20;

/** Rule shapes seen in real policies; `i` keeps names and literals distinct. */
const TEMPLATES: ((i: number) => string)[] = [
  (i) =>
    `allow(actor: User, "read", resource: Repo{public: true}) if resource.org_id = actor.org_id and actor.level >= ${i % 7};`,
  (i) =>
    `has_role_${i}(user: User, name: String, resource: Resource) if\n  role in user.roles and role.name = name and role.resource = resource;`,
  (i) =>
    `can_edit_${i}(user: User, doc: Document) if doc.owner = user or user.id in doc.editors(${i}) and not doc.locked;`,
  (i) =>
    `limits_${i}(_: Account{tier: "gold", region: "eu-${i % 5}"}, x) if x = {max: ${i}, windows: [1, 2, 3], label: "t${i}"};`,
  (i) =>
    `route_${i}([head, *tail], n) if n > ${i} + 1 * 2 and head.matches("x${i}") and route_${i}(tail, n - 1);`,
  (i) =>
    `resource(_type: Page, "page${i}", actions, roles) if\n  actions = ["read", "write"] and\n  roles = {user: {permissions: ["read"]}, admin: {permissions: ["write"], implies: ["user"]}};`,
  (i) =>
    `# rule ${i}: bounded counters\ncounter_${i}(x: Integer) if x > -${i} and x < ${i}.5 and (x mod 2 = 0 or x rem 3 = 1);`,
  (i) => `member_${i}(org: Org, user: User) if user matches Member{org: org} and cut;`,
];

/** A deterministic policy of `count` rules. */
export function generatePolicy(count: number): string {
  const rules: string[] = [];
  for (let i = 0; i < count; i++) rules.push(TEMPLATES[i % TEMPLATES.length]!(i));
  return `${rules.join("\n")}\n`;
}

/** Print the parsing section. */
export function run(args: readonly string[] = []): void {
  checkArgs(args);
  const text = generatePolicy(RULES);
  const source = makeSource(text, "generated.polar");
  const bytes = Buffer.byteLength(text, "utf8");
  const { policy, errors } = parsePolicy(source);
  if (errors.length > 0 || policy.lines.length !== RULES) {
    throw new Error(`generated policy did not parse cleanly: ${errors[0]?.message ?? policy.lines.length}`);
  }
  const tokens = tokenize(source).length;
  const mb = bytes / 1e6;
  console.log(`## Parsing: ${RULES} rules, ${(bytes / 1024).toFixed(0)} KiB, ${tokens} tokens`);
  const rate = (ms: number) => `${(mb / (ms / 1000)).toFixed(1)} MB/s`;
  const pullTime = measure(() => {
    const lexer = new Lexer(source);
    while (lexer.next().kind !== "eof") {}
  }, RUNS);
  console.log(`lex (pull)    ${formatTiming(pullTime)}  ${rate(pullTime.median)}`);
  const lexTime = measure(() => tokenize(source), RUNS);
  console.log(
    `tokenize      ${formatTiming(lexTime)}  ${rate(lexTime.median)}  (all tokens kept in an array)`,
  );
  const parseTime = measure(() => parsePolicy(source), RUNS);
  console.log(`parsePolicy   ${formatTiming(parseTime)}  ${rate(parseTime.median)}`);
  console.log(`target        < 100 ms for ${RULES} rules: ${parseTime.median < 100 ? "met" : "NOT met"}`);
}
