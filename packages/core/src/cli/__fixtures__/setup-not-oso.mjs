// A module whose `oso` is not an Oso.
export const oso = { isAllowed: () => true };
