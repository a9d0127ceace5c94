/**
 * The data a new GitClub starts with: five users (each with a bearer token), two
 * organizations, three repositories, four issues, and the roles that make them interesting.
 * @module
 */
import type { Database } from "./schema.js";
import { Store } from "./store.js";

/**
 * The seeded users and their tokens. Demo tokens, published on purpose: every start
 * prints them so that anyone can try the API.
 */
export const SEED_USERS = [
  { name: "alice", token: "gitclub-alice", about: "owner of acme, so admin of its repositories" },
  { name: "bob", token: "gitclub-bob", about: "member of acme, so reader of its repositories" },
  { name: "carol", token: "gitclub-carol", about: "maintainer of acme/rockets, nothing else" },
  { name: "dave", token: "gitclub-dave", about: "owner of globex, reader of acme/anvil" },
  { name: "eve", token: "gitclub-eve", about: "no role anywhere" },
] as const;

/** The name of a seeded user. */
export type SeedUser = (typeof SEED_USERS)[number]["name"];

/** Insert the seed data into a database that has the tables and nothing else. */
export async function seed(db: Database): Promise<void> {
  const store = new Store(db);
  for (const user of SEED_USERS) await store.createUser(user.name, user.token);

  const acme = await store.createOrg("acme", "Makers of fine anvils and rocket skates");
  const globex = await store.createOrg("globex", "Widgets for world domination");
  const anvil = await store.createRepo(acme, "anvil", "Anvils that drop on time");
  const rockets = await store.createRepo(acme, "rockets", "Rocket-powered roller skates");
  const widgets = await store.createRepo(globex, "widgets", "The widget catalogue");

  await store.createIssue(
    anvil,
    "Anvil falls too slowly",
    "It should land before the roadrunner leaves.",
    "bob",
  );
  await store.createIssue(anvil, "The roadrunner keeps escaping", "", "alice");
  await store.createIssue(rockets, "Skates veer to the left", "", "carol");
  await store.createIssue(widgets, "Widgets need more gizmos", "", "dave");

  await store.grantOrgRole("alice", acme, "owner");
  await store.grantOrgRole("bob", acme, "member");
  await store.grantOrgRole("dave", globex, "owner");
  await store.grantRepoRole("carol", rockets, "maintainer");
  await store.grantRepoRole("dave", anvil, "reader");
}
