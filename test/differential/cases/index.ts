/** Every group of differential cases, in the order they run. */
import type { Group } from "../types.js";
import { arithmetic } from "./arithmetic.js";
import { comparison } from "./comparison.js";
import { control } from "./control.js";
import { errors } from "./errors.js";
import { host } from "./host.js";
import { indexing } from "./indexing.js";
import { loading } from "./loading.js";
import { matches } from "./matches.js";
import { membership } from "./membership.js";
import { ordering } from "./ordering.js";
import { recursion } from "./recursion.js";
import { resourceBlocks } from "./resource-blocks.js";
import { unification } from "./unification.js";

export const GROUPS: readonly Group[] = [
  unification,
  arithmetic,
  comparison,
  membership,
  matches,
  control,
  ordering,
  recursion,
  host,
  indexing,
  errors,
  loading,
  resourceBlocks,
];
