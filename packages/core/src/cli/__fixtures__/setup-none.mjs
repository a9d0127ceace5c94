// A module that exports no Oso.
export const config = {};
