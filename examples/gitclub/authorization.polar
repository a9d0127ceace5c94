# GitClub: who may do what with organizations, repositories and issues.
#
# Roles are granted on organizations and repositories (the org_roles and repo_roles
# tables); an organization's roles flow down to its repositories, and a repository's to
# its issues.

actor User {}

resource Org {
  roles = ["owner", "member"];
  permissions = ["read", "update", "delete", "create_repo"];

  "read" if "member";
  "create_repo" if "member";
  "update" if "owner";
  "delete" if "owner";

  "member" if "owner";
}

resource Repo {
  roles = ["admin", "maintainer", "reader"];
  permissions = ["read", "create_issue", "update", "delete"];
  relations = { parent: Org };

  "read" if "reader";
  "create_issue" if "reader";
  "update" if "maintainer";
  "delete" if "admin";

  "maintainer" if "admin";
  "reader" if "maintainer";

  "admin" if "owner" on "parent";
  "reader" if "member" on "parent";
}

resource Issue {
  permissions = ["read", "update", "close", "delete"];
  relations = { parent: Repo, creator: User };

  "read" if "reader" on "parent";
  "update" if "maintainer" on "parent";
  "close" if "maintainer" on "parent";
  "delete" if "admin" on "parent";
}

# Every action requires "read": each permission above comes from a role that implies it.
# The creator of an issue may close it too, but only while they may read it (a shorthand
# rule cannot ask for both), so a member removed from the organization loses both.
has_permission(user: User, "close", issue: Issue) if
  has_relation(user, "creator", issue) and
  has_permission(user, "read", issue);

# Role assignments, as the application loaded them with the user.
has_role(user: User, name: String, org: Org) if
  role in user.orgRoles and role.orgId = org.id and role.name = name;

has_role(user: User, name: String, repo: Repo) if
  role in user.repoRoles and role.repoId = repo.id and role.name = name;

# Relations, read through the data filtering adapter (they are declared Relations).
has_relation(org: Org, "parent", repo: Repo) if org = repo.org;
has_relation(repo: Repo, "parent", issue: Issue) if repo = issue.repo;
has_relation(user: User, "creator", issue: Issue) if user.id = issue.creatorId;

allow(actor, action, resource) if has_permission(actor, action, resource);

# An organization's members (its role assignments) are seen by whoever may read it.
allow(user: User, "read", member: Member) if has_permission(user, "read", member.org);

# The list routes: any signed-in user may ask; each list shows only what they may read.
allow(_user: User, "list", "orgs");
allow(_user: User, "list", "repos");
