actor User {}

resource Page {
  permissions = ["read", "write"];
  roles = ["viewer", "admin"];

  "read" if "viewer";
  "write" if "admin";
  "viewer" if "admin";
}

has_role(user: User, name: String, page: Page) if
  role in user.roles and
  role.name = name and
  role.page = page.id;

allow(actor, action, resource) if
  has_permission(actor, action, resource);
