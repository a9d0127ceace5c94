/**
 * The in-memory adapter on hand-written filters: joins and aliases, closures over cyclic
 * data, null semantics, the primary key option, and missing rows.
 */
import { describe, expect, test } from "vitest";
import { arrayAdapter } from "./array-adapter.js";
import { type Filter, Relation, type UserType } from "./types.js";

class Node {
  constructor(
    readonly key: number,
    readonly parentKey: number | null,
    readonly label: string | null,
  ) {}
}

const types = new Map<string, UserType>([
  [
    "Node",
    {
      name: "Node",
      cls: Node,
      fields: new Map<string, Function | Relation>([
        ["key", Number],
        ["label", String],
        ["parent", new Relation("one", "Node", "parentKey", "key")],
      ]),
    },
  ],
]);

// 1 <- 2 <- 3, and 4 <-> 5 a cycle
const nodes = [
  new Node(1, null, "root"),
  new Node(2, 1, null),
  new Node(3, 2, "leaf"),
  new Node(4, 5, "a"),
  new Node(5, 4, "b"),
];
const run = (filter: Omit<Filter, "types">) =>
  arrayAdapter({ Node: nodes }, { primaryKey: { Node: "key" } }).executeQuery({ ...filter, types });

describe("arrayAdapter", () => {
  test("aliases: the grandparent's label", async () => {
    const rows = await run({
      model: "Node",
      relations: [
        { fromTypeName: "Node", fromFieldName: "parent", toTypeName: "Node", toAlias: "P" },
        { fromTypeName: "Node", fromFieldName: "parent", toTypeName: "Node", fromAlias: "P", toAlias: "G" },
      ],
      conditions: [
        [{ lhs: { typeName: "Node", fieldName: "label", alias: "G" }, cmp: "Eq", rhs: { value: "root" } }],
      ],
    });
    expect(rows).toEqual([nodes[2]]);
  });

  test("a closure terminates on cyclic data and compares rows by the primary key option", async () => {
    const base = (key: number): Filter => ({
      model: "Node",
      relations: [],
      conditions: [[{ lhs: { typeName: "Node" }, cmp: "Eq", rhs: { value: { key } } }]],
      types,
    });
    const closure = (key: number) =>
      run({
        model: "Node",
        relations: [],
        conditions: [
          [
            {
              lhs: { typeName: "Node" },
              cmp: "In",
              rhs: { closure: { typeName: "Node", fieldName: "parent", base: base(key) } },
            },
          ],
        ],
      });
    expect(await closure(1)).toEqual([nodes[0], nodes[1], nodes[2]]);
    expect(await closure(5)).toEqual([nodes[3], nodes[4]]);
    expect(await closure(9)).toEqual([]);
  });

  test("null is IS NULL with Eq, IS DISTINCT FROM with Neq; [] no row, [[]] every row", async () => {
    const label = (cmp: "Eq" | "Neq", value: unknown) =>
      run({
        model: "Node",
        relations: [],
        conditions: [[{ lhs: { typeName: "Node", fieldName: "label" }, cmp, rhs: { value } }]],
      });
    expect(await label("Eq", null)).toEqual([nodes[1]]);
    expect((await label("Neq", "root")).length).toBe(4);
    expect(await run({ model: "Node", relations: [], conditions: [] })).toEqual([]);
    expect(await run({ model: "Node", relations: [], conditions: [[]] })).toEqual(nodes);
  });

  test("a class without rows is a configuration error", async () => {
    await expect(
      arrayAdapter({}).executeQuery({ model: "Node", relations: [], conditions: [[]], types }),
    ).rejects.toThrow(/no rows given for Node/);
  });
});
