# GitClub: the resource-block example of the Polar spec (§8.5).
actor User {}

resource Org {
  roles = ["owner", "member"];
  permissions = ["invite", "create_repo"];

  "create_repo" if "member";
  "invite" if "owner";
  "member" if "owner";
}

resource Repo {
  roles = ["writer", "reader"];
  permissions = ["push", "pull"];
  relations = { parent: Org };

  "pull" if "reader";
  "push" if "writer";
  "reader" if "writer";
  "reader" if "member" on "parent";
  "writer" if "owner" on "parent";
}

resource Issue {
  permissions = ["edit", "close"];
  relations = { parent: Repo, creator: User };

  "edit" if "writer" on "parent";
  "close" if "creator";
}

has_relation(org: Org, "parent", repo: Repo) if org = repo.org;
has_relation(repo: Repo, "parent", issue: Issue) if repo = issue.repo;
has_relation(user: User, "creator", issue: Issue) if user = issue.creator;

has_role(user: User, name: String, resource: Resource) if
  role in user.roles and role.name = name and role.resource = resource;

allow(actor, action, resource) if has_permission(actor, action, resource);
