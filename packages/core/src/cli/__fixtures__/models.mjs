// Application classes shared by the setup modules of the CLI tests.
export class User {
  constructor(name, roles) {
    this.name = name;
    this.roles = roles;
  }
}
export class Page {
  constructor(id) {
    this.id = id;
  }
}
export class Admin extends User {}
/** `Slow.wait(ms)` resolves after `ms`: a host call that outlives a query's timeout. */
// biome-ignore lint/complexity/noStaticOnlyClass: the policy calls it on the class, as Slow.wait(ms)
export class Slow {
  static wait(ms) {
    return new Promise((resolve) => setTimeout(() => resolve("done"), ms));
  }
}
