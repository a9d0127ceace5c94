/**
 * The HTTP benchmark's apps without sockets: each request is a Node `IncomingMessage` and
 * `ServerResponse` made in this process and handed straight to the app's request listener,
 * so what is timed is the framework, the adapter and the decision, not the kernel, the
 * HTTP parser or autocannon (which share the machine's cores with the server in the
 * socket runs). The response is really written (headers and body serialized into the
 * response's buffer, as Node does before a socket is attached); nothing is sent.
 *
 * Method: CPU time (`process.cpuUsage()`, user + system) per request over batches of
 * requests run one after another, the variants interleaved in a rotating order, medians
 * over rounds; differences between variants are medians of the per-round differences. Without the parsing and socket work a real server also does per request, the
 * losses here are an upper bound of a real server's (the same extra time over a smaller
 * total). Also measured: the time of the oso-ts decision itself inside the running app
 * (timed around each `authorizeMaybeSync`) against the same call in a tight loop.
 *
 * Each framework runs in a child process of its own (`in-process-child.ts`, see
 * {@link measureInChild}): in a process where Express has served requests, Koa's cost about
 * twice as much (Express gives each request object a hidden class of its own, which leaves
 * the inline caches of Node's HTTP code megamorphic for every later request).
 * @module
 */
import { fork } from "node:child_process";
import { once } from "node:events";
import { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { fileURLToPath } from "node:url";
import type { OsoAuthorizer } from "@oso-ts/core/http";
import { buildApp, type Framework, osoTs, type Variant } from "./apps.js";
import { findPage, READABLE_PAGE, USERS } from "./policy.js";

/** The variants timed in process (oso 0.27.3, at ~0.5 ms a request, only in the socket runs). */
export const IN_PROCESS_VARIANTS = ["noauth", "layers only", "adapter, stub", "oso-ts"] as const;
export type InProcessVariant = (typeof IN_PROCESS_VARIANTS)[number] & Variant;

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** What the apps read of a socket: nothing is ever written to it (the response keeps its output). */
const SOCKET = { remoteAddress: "127.0.0.1", encrypted: false, on() {}, once() {}, removeListener() {} };
const HEADERS = { host: "127.0.0.1", "x-user": "alice", accept: "*/*" };
const PATH = `/page/${READABLE_PAGE}`;

/** One request through `app`; resolves with the status once the app has ended the response. */
function request(app: Listener): Promise<number> {
  const req = new IncomingMessage(SOCKET as unknown as Socket);
  req.method = "GET";
  req.url = PATH;
  req.headers = HEADERS;
  req.complete = true;
  const res = new ServerResponse(req);
  return new Promise((resolve) => {
    const end = res.end;
    res.end = function (this: ServerResponse, ...args: unknown[]) {
      const r = (end as (...a: unknown[]) => ServerResponse).apply(this, args);
      resolve(this.statusCode);
      return r;
    } as typeof res.end;
    app(req, res);
  });
}

/** CPU µs per request over `n` requests; throws on any answer but 200. */
async function batch(app: Listener, n: number): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const status = await request(app);
    if (status !== 200) throw new Error(`http benchmark, in process: status ${status}`);
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / n;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Medians of one framework: CPU µs per request of each variant, and the decision's µs in the app and in a loop. */
export interface InProcessResult {
  readonly cpu: Readonly<Record<InProcessVariant, number>>;
  readonly range: Readonly<Record<InProcessVariant, readonly [number, number]>>;
  /** Each variant's batches, µs per request, in round order (for {@link paired}). */
  readonly samples: Readonly<Record<InProcessVariant, readonly number[]>>;
  readonly decisionInApp: number;
  readonly decisionInLoop: number;
}

/**
 * The median over rounds of `a`'s batch minus `b`'s of the same round (µs per request):
 * paired, so that a burst of load on the machine moves both sides of a difference.
 */
export function paired(r: InProcessResult, a: InProcessVariant, b: InProcessVariant): number {
  const [xs, ys] = [r.samples[a], r.samples[b]];
  return median(xs.map((x, i) => x - ys[i]!));
}

/** An Oso whose synchronous decisions add their duration (ns) to `timer.ns`. */
async function timedOso(timer: { ns: bigint; calls: number }): Promise<OsoAuthorizer> {
  const oso = await osoTs();
  const decide = oso.authorizeMaybeSync.bind(oso) as NonNullable<OsoAuthorizer["authorizeMaybeSync"]>;
  return {
    authorize: oso.authorize.bind(oso),
    authorizedActions: oso.authorizedActions.bind(oso),
    timeoutMs: oso.timeoutMs,
    authorizeMaybeSync(actor, action, resource, options) {
      const start = process.hrtime.bigint();
      try {
        return decide(actor, action, resource, options);
      } finally {
        timer.ns += process.hrtime.bigint() - start;
        timer.calls++;
      }
    },
  };
}

/** The same timed call in a tight loop: median µs over batches. */
async function decisionInLoop(n: number): Promise<number> {
  const timer = { ns: 0n, calls: 0 };
  const oso = await timedOso(timer);
  const [user, page] = [USERS.get("alice")!, findPage(String(READABLE_PAGE))!];
  const options = { checkRead: true };
  const batches: number[] = [];
  for (let b = 0; b < 9; b++) {
    timer.ns = 0n;
    timer.calls = 0;
    for (let i = 0; i < n; i++) oso.authorizeMaybeSync!(user, "read", page, options);
    batches.push(Number(timer.ns) / timer.calls / 1000);
  }
  return median(batches.slice(2));
}

/**
 * Time `framework`'s apps in process: `rounds` rounds, each running every variant for
 * `requests` requests (the variants take turns going first), after one untimed batch each.
 */
export async function measureInProcess(
  framework: Framework,
  rounds: number,
  requests: number,
): Promise<InProcessResult> {
  const apps = new Map<InProcessVariant, Listener>();
  for (const v of IN_PROCESS_VARIANTS) apps.set(v, (await buildApp(framework, v)) as Listener);
  const timer = { ns: 0n, calls: 0 };
  const timedApp = (await buildApp(framework, "oso-ts", await timedOso(timer))) as Listener;
  for (const app of [...apps.values(), timedApp]) await batch(app, requests);
  const samples = new Map<InProcessVariant, number[]>(IN_PROCESS_VARIANTS.map((v) => [v, []]));
  const decisions: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < IN_PROCESS_VARIANTS.length; i++) {
      const v = IN_PROCESS_VARIANTS[(i + round) % IN_PROCESS_VARIANTS.length]!;
      samples.get(v)!.push(await batch(apps.get(v)!, requests));
    }
    timer.ns = 0n;
    timer.calls = 0;
    await batch(timedApp, requests);
    decisions.push(Number(timer.ns) / timer.calls / 1000);
  }
  const stat = <T>(f: (xs: number[]) => T) =>
    Object.fromEntries(IN_PROCESS_VARIANTS.map((v) => [v, f(samples.get(v)!)])) as Record<
      InProcessVariant,
      T
    >;
  return {
    cpu: stat(median),
    range: stat((xs) => [Math.min(...xs), Math.max(...xs)] as const),
    samples: stat((xs) => xs),
    decisionInApp: median(decisions),
    decisionInLoop: await decisionInLoop(requests * 5),
  };
}

/** What the child sends back: the framework's results, and its adapter's loop (ns per request). */
export interface ChildMessage {
  readonly result: InProcessResult;
  readonly adapterLoop: number;
}

/** Run one framework's in-process measurements in a fresh child process (`in-process-child.js`). */
export async function measureInChild(
  framework: Framework,
  rounds: number,
  requests: number,
): Promise<ChildMessage> {
  const script = fileURLToPath(new URL("./in-process-child.js", import.meta.url));
  const child = fork(script, [framework, String(rounds), String(requests)], {
    execArgv: [],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const [message] = (await Promise.race([
    once(child, "message"),
    once(child, "exit").then(([code]) => {
      throw new Error(`http benchmark: the in-process child exited with ${String(code)}`);
    }),
  ])) as [ChildMessage];
  if (child.exitCode === null) await once(child, "exit");
  return message;
}
