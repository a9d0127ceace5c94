// A setup function: registers the application's classes and a constant on the Oso it is given.
import { Admin, Page, Slow, User } from "./models.mjs";

export function setup(oso) {
  oso.registerClass(User);
  oso.registerClass(Admin);
  oso.registerClass(Page);
  oso.registerClass(Slow);
  oso.registerConstant(new User("alice", [{ name: "admin", page: 1 }]), "alice");
}
