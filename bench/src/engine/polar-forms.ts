/**
 * The ways the scenarios' policies are written in Polar. Each form is run by every Polar
 * engine that accepts it, with the same policy text.
 *
 * Extension point: a third form, `roles` (the quickstart's built-in roles: `enableRoles()`
 * with `resource(_type: C, "namespace", actions, roles)` and `actor_role` rules), is added by
 * appending its entry to {@link POLAR_FORMS} (with `prepare: (oso) => oso.enableRoles()`,
 * and `legacy: false`: oso@0.27.3 no longer has built-in roles) and giving each scenario a
 * `roles` text in its `polar` field. Scenarios without a text for a form skip that form.
 * @module
 */
import type { Oso } from "@oso-ts/core";

export type PolarFormId = "plain" | "blocks" | "roles";

/** A scenario's policy text per form. */
export type PolarTexts = { readonly [F in PolarFormId]?: string };

export interface PolarForm {
  readonly id: PolarFormId;
  /** Shown in engine names, e.g. `oso-ts blocks`. */
  readonly label: string;
  /** Whether oso@0.27.3 runs this form too. */
  readonly legacy: boolean;
  /** Called (and awaited) on each oso-ts instance after registering classes, before loading the policy. */
  readonly prepare?: (oso: Oso) => void | Promise<void>;
}

export const POLAR_FORMS: readonly PolarForm[] = [
  { id: "plain", label: "plain", legacy: true },
  { id: "blocks", label: "blocks", legacy: true },
  // the quickstart's built-in roles: oso@0.27.3 no longer has them
  { id: "roles", label: "roles", legacy: false, prepare: (oso) => oso.enableRoles() },
];
