/**
 * The declarations of actor and resource blocks, merged per type and validated
 * (spec §8.1–8.2): keywords, registered classes, the three declaration forms, and names
 * declared twice with different kinds.
 * @module
 */
import { type PolarError, polarError } from "../errors.js";
import type { Span } from "../source.js";
import type { ResourceBlock, ShorthandRule } from "../syntax/ast.js";
import type { BlockEnv } from "./resource-blocks.js";

/** What a declared name is. */
export type DeclKind = "role" | "permission" | "relation";

/** Everything declared for one type, across all of its blocks. */
export class BlockModel {
  isActor = false;
  readonly roles = new Map<string, Span>();
  readonly permissions = new Map<string, Span>();
  readonly relations = new Map<string, { readonly type: string; readonly span: Span }>();
  readonly shorthands: ShorthandRule[] = [];
  rolesSpan: Span | undefined;

  constructor(
    readonly type: string,
    readonly span: Span,
  ) {}

  kindOf(name: string): DeclKind | undefined {
    if (this.roles.has(name)) return "role";
    if (this.permissions.has(name)) return "permission";
    if (this.relations.has(name)) return "relation";
    return undefined;
  }

  names(): string[] {
    return [...this.roles.keys(), ...this.permissions.keys(), ...this.relations.keys()];
  }
}

/** Merge and validate the blocks of a policy; problems go to `errors`. */
export function declarationsOf(
  blocks: readonly ResourceBlock[],
  env: BlockEnv,
  errors: PolarError[],
): Map<string, BlockModel> {
  const models = new Map<string, BlockModel>();
  for (const block of blocks) {
    const keyword = block.keyword?.name;
    if (keyword !== "actor" && keyword !== "resource") {
      errors.push(
        polarError(
          "resource_block",
          keyword === undefined
            ? "Expected 'actor' or 'resource' but found nothing."
            : `Expected 'actor' or 'resource' but found '${keyword}'.`,
          {
            span: block.keyword?.span ?? block.resource.span,
            hint: `Write \`resource ${block.resource.name} { ... }\` or \`actor ${block.resource.name} { ... }\`.`,
          },
        ),
      );
      continue;
    }
    const type = block.resource.name;
    if (!env.hasClass(type)) {
      errors.push(
        polarError("unregistered_class", `Unregistered class: ${type}`, {
          span: block.resource.span,
          hint: `Register it before loading the policy: oso.registerClass(${type}).`,
        }),
      );
    }
    let model = models.get(type);
    if (!model) {
      model = new BlockModel(type, block.resource.span);
      models.set(type, model);
    }
    if (keyword === "actor") model.isActor = true;
    addItems(block, model, env, errors);
  }
  return models;
}

function addItems(block: ResourceBlock, model: BlockModel, env: BlockEnv, errors: PolarError[]): void {
  const seen = new Set<string>();
  const kindName = block.keyword?.name ?? "resource";
  for (const item of block.items) {
    if (item.kind === "shorthand") {
      model.shorthands.push(item);
      continue;
    }
    if (seen.has(item.name)) {
      errors.push(
        polarError(
          "resource_block",
          `Multiple '${item.name}' declarations in '${model.type}' ${kindName} block.`,
          {
            span: item.nameSpan,
          },
        ),
      );
      continue;
    }
    seen.add(item.name);
    if (item.kind === "list-declaration") {
      if (item.name === "relations") {
        errors.push(
          polarError("resource_block", "Expected 'relations' declaration to be a dictionary; found a list", {
            span: item.span,
          }),
        );
      } else if (item.name !== "roles" && item.name !== "permissions") {
        errors.push(
          polarError(
            "resource_block",
            `Unexpected declaration '${item.name}'. Did you mean for this to be 'roles = [ ... ];' or 'permissions = [ ... ];'?`,
            { span: item.nameSpan },
          ),
        );
      } else {
        const kind = item.name === "roles" ? "role" : "permission";
        if (kind === "role") model.rolesSpan ??= item.span;
        const inThisList = new Set<string>();
        for (const s of item.items) {
          if (inThisList.has(s.value)) {
            errors.push(duplicate(model, s.value, kind, kind, s.span));
            continue;
          }
          inThisList.add(s.value);
          declare(model, s.value, kind, s.span, errors);
        }
      }
      continue;
    }
    if (item.name === "roles" || item.name === "permissions") {
      errors.push(
        polarError(
          "resource_block",
          `Expected '${item.name}' declaration to be a list of strings; found a dictionary`,
          {
            span: item.span,
          },
        ),
      );
    } else if (item.name !== "relations") {
      errors.push(
        polarError(
          "resource_block",
          `Unexpected declaration '${item.name}'. Did you mean for this to be 'relations = { ... };'?`,
          {
            span: item.nameSpan,
          },
        ),
      );
    } else {
      for (const e of item.entries) {
        if (!env.hasClass(e.type.name)) {
          errors.push(
            polarError("unregistered_class", `Unregistered class: ${e.type.name}`, {
              span: e.type.span,
              hint: `Register it before loading the policy: oso.registerClass(${e.type.name}).`,
            }),
          );
        }
        const existing = model.relations.get(e.name);
        if (existing && existing.type !== e.type.name) {
          errors.push(duplicate(model, e.name, "relation", "relation", e.span));
          continue;
        }
        if (declare(model, e.name, "relation", e.span, errors))
          model.relations.set(e.name, { type: e.type.name, span: e.span });
      }
    }
  }
}

/** Record a declaration; false (with an error) when the name already has another kind. */
function declare(model: BlockModel, name: string, kind: DeclKind, span: Span, errors: PolarError[]): boolean {
  const existing = model.kindOf(name);
  if (existing !== undefined && existing !== kind) {
    errors.push(duplicate(model, name, existing, kind, span));
    return false;
  }
  if (kind === "role") model.roles.set(name, span);
  else if (kind === "permission") model.permissions.set(name, span);
  return true;
}

function duplicate(
  model: BlockModel,
  name: string,
  existing: DeclKind,
  kind: DeclKind,
  span: Span,
): PolarError {
  return polarError(
    "duplicate_resource_block_declaration",
    `Cannot overwrite existing ${existing} declaration "${name}" in resource ${model.type} with ${kind}`,
    { span },
  );
}
