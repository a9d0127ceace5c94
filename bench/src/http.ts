/**
 * HTTP scenario: what `authorize("read", loadPage)` costs a real server. `GET /page/:id`
 * on Express 5 and on Koa 3, with no authorization, with oso-ts's adapter (and the same
 * adapter over a stub that allows everything, which is what the adapter costs by itself),
 * and, for reference, with a hand-written `await oso.isAllowed(...)` on oso@0.27.3; and noauth
 * with two do-nothing framework layers where the adapter has its two ("layers only"), which
 * tells what the framework charges for the adapter's place from what its code costs. The servers run
 * in a child process per framework (127.0.0.1, ephemeral ports; they stop by themselves),
 * autocannon loads them from this process in interleaved rounds (the variants in a
 * rotating order). Reported per variant: the median req/s and the throughput lost to
 * authorization, and, steadier on a shared machine, the server's CPU time per request.
 * Targets: oso-ts loses at most 5% on Express, 8% on Koa.
 *
 * Then the same apps in this process without sockets (`http/in-process.ts`): server CPU per
 * request with far less noise, the decision's time inside the app against a tight loop, and
 * the adapters' own code in a loop (`http/adapter-loop.ts`).
 *
 * Options (`node dist/run.js http --rounds=9 --duration=3`, or `run(["--rounds=9"])`): `--rounds`
 * (default 5), `--duration` seconds per run (default 2), `--connections` (default 10),
 * `--warmup` seconds (default 1), `--inprocess-rounds` (default 9; 0 skips the in-process part),
 * `--inprocess-requests` per batch (default 5000).
 * @module
 */
import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { FRAMEWORKS, type Framework, osoTs, VARIANTS, type Variant } from "./http/apps.js";
import {
  IN_PROCESS_VARIANTS,
  type InProcessResult,
  type InProcessVariant,
  measureInChild,
  paired,
} from "./http/in-process.js";
import { findPage, READABLE_PAGE, USERS } from "./http/policy.js";
import type { CpuMessage, ReadyMessage } from "./http/server.js";

export const name = "http";

interface Options {
  rounds: number;
  duration: number;
  connections: number;
  warmup: number;
  "inprocess-rounds": number;
  "inprocess-requests": number;
}

const DEFAULTS: Options = {
  rounds: 5,
  duration: 2,
  connections: 10,
  warmup: 1,
  "inprocess-rounds": 9,
  "inprocess-requests": 5000,
};
/** Issue 13's targets: throughput lost to authorization, per framework, in percent. */
const TARGET_LOSS: Readonly<Record<string, number>> = { express: 5, koa: 8 };

function parseOptions(args: readonly string[]): Options {
  const options = { ...DEFAULTS };
  for (const arg of args) {
    const m =
      /^--(rounds|duration|connections|warmup|inprocess-rounds|inprocess-requests)=(\d+(?:\.\d+)?)$/.exec(
        arg,
      );
    if (!m) {
      throw new Error(
        `http benchmark: unknown argument ${arg} (--rounds=N --duration=S --connections=N --warmup=S --inprocess-rounds=N --inprocess-requests=N)`,
      );
    }
    options[m[1] as keyof Options] = Number(m[2]);
  }
  return options;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** One run of one variant. */
interface Sample {
  readonly rps: number;
  /** The server's CPU time (user + system) per request, µs. */
  readonly cpu: number;
}

/** The servers of one framework, in a child process. */
class Servers {
  private constructor(
    private readonly child: ChildProcess,
    readonly ports: Readonly<Record<Variant, number>>,
  ) {}

  static async start(framework: Framework): Promise<Servers> {
    const script = fileURLToPath(new URL("./http/server.js", import.meta.url));
    const child = fork(script, [framework], { execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const [message] = (await Promise.race([
      once(child, "message"),
      once(child, "exit").then(() => {
        throw new Error(`http benchmark: the ${framework} server exited before listening`);
      }),
    ])) as [ReadyMessage];
    return new Servers(child, message.ports);
  }

  /** CPU time the servers have used so far, µs. */
  async cpu(): Promise<number> {
    const answer = once(this.child, "message");
    this.child.send("cpu");
    const [{ cpu }] = (await answer) as [CpuMessage];
    return cpu.user + cpu.system;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, "exit");
    this.child.send("stop");
    await exited;
  }
}

/** One autocannon run; any error or non-2xx answer aborts the benchmark. */
async function cannon(
  servers: Servers,
  variant: Variant,
  seconds: number,
  options: Options,
): Promise<Sample> {
  const url = `http://127.0.0.1:${servers.ports[variant]}/page/${READABLE_PAGE}`;
  const cpuBefore = await servers.cpu();
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: seconds,
    headers: { "x-user": "alice" },
  });
  const cpu = (await servers.cpu()) - cpuBefore;
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0) {
    throw new Error(
      `http benchmark: ${url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`,
    );
  }
  return { rps: result.requests.average, cpu: cpu / result.requests.total };
}

/** What each variant answers to [a user without a role, nobody]. */
const EXPECTED: Readonly<Record<Variant, readonly [number, number]>> = {
  noauth: [200, 401],
  "layers only": [200, 401],
  "adapter, stub": [200, 401],
  "oso-ts": [404, 401],
  "oso 0.27.3": [404, 401],
};

/** Check every variant's answers before timing anything. */
async function check(ports: Readonly<Record<Variant, number>>): Promise<void> {
  for (const variant of VARIANTS) {
    const base = `http://127.0.0.1:${ports[variant]}/page`;
    const get = (id: number, user?: string) =>
      fetch(`${base}/${id}`, { headers: user ? { "x-user": user } : {} });
    const ok = await get(READABLE_PAGE, "alice");
    const body = (await ok.json()) as { id?: number };
    const hidden = (await get(READABLE_PAGE, "mallory")).status;
    const nobody = (await get(READABLE_PAGE)).status;
    const expected = EXPECTED[variant];
    if (ok.status !== 200 || body.id !== READABLE_PAGE || hidden !== expected[0] || nobody !== expected[1]) {
      throw new Error(`http benchmark: ${variant} answers wrongly (${ok.status}, ${hidden}, ${nobody})`);
    }
  }
}

async function measure(framework: Framework, options: Options): Promise<Map<Variant, Sample[]>> {
  const servers = await Servers.start(framework);
  try {
    await check(servers.ports);
    for (const v of VARIANTS) await cannon(servers, v, options.warmup, options);
    const samples = new Map<Variant, Sample[]>(VARIANTS.map((v) => [v, []]));
    for (let round = 0; round < options.rounds; round++) {
      const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]!);
      for (const v of order) samples.get(v)!.push(await cannon(servers, v, options.duration, options));
    }
    return samples;
  } finally {
    await servers.stop();
  }
}

/** The decision alone, in this process: median µs of an awaited `isAllowed` (batches of 20,000). */
async function decisionMicros(): Promise<number> {
  const oso = await osoTs();
  const [user, page] = [USERS.get("alice")!, findPage(String(READABLE_PAGE))!];
  const batches: number[] = [];
  for (let b = 0; b < 12; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 20_000; i++) await oso.isAllowed(user, "read", page);
    batches.push(Number(process.hrtime.bigint() - start) / 20_000 / 1000);
  }
  return median(batches.slice(2));
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Table rows of one framework, and its oso-ts losses (by req/s, by CPU time). */
function report(framework: Framework, samples: Map<Variant, Sample[]>) {
  const rps = (v: Variant) => median(samples.get(v)!.map((s) => s.rps));
  const cpu = (v: Variant) => median(samples.get(v)!.map((s) => s.cpu));
  const rows = VARIANTS.map((v) => {
    const all = samples.get(v)!.map((s) => s.rps);
    const range = `${Math.min(...all).toFixed(0)}–${Math.max(...all).toFixed(0)}`;
    const loss = v === "noauth" ? "" : percent(1 - rps(v) / rps("noauth"));
    const cpuLoss = v === "noauth" ? "" : percent(1 - cpu("noauth") / cpu(v));
    return `| ${framework} | ${v} | ${rps(v).toFixed(0)} | ${range} | ${loss} | ${cpu(v).toFixed(1)} | ${cpuLoss} |`;
  });
  return {
    rows,
    loss: 1 - rps("oso-ts") / rps("noauth"),
    cpuLoss: 1 - cpu("noauth") / cpu("oso-ts"),
    extraCpu: cpu("oso-ts") - cpu("noauth"),
    parts: costParts((a, b) => cpu(a) - cpu(b)),
  };
}

/**
 * The extra CPU µs per request of oso-ts over noauth, in three parts: the framework's two
 * layers (layers only − noauth), the adapter's code in them (adapter, stub − layers only),
 * the decision (oso-ts − adapter, stub).
 */
function costParts(diff: (a: InProcessVariant, b: InProcessVariant) => number): string {
  const f = (x: number) => `${x >= 0 ? "+" : ""}${x.toFixed(1)}`;
  return (
    `layers ${f(diff("layers only", "noauth"))}, adapter code ${f(diff("adapter, stub", "layers only"))}, ` +
    `decision ${f(diff("oso-ts", "adapter, stub"))} µs`
  );
}

/** The in-process table rows of one framework, and its summary line. */
function inProcessReport(framework: Framework, r: InProcessResult): { rows: string[]; summary: string } {
  const extra = (v: InProcessVariant) => paired(r, v, "noauth");
  const rows = IN_PROCESS_VARIANTS.map((v) => {
    const [min, max] = r.range[v];
    // paired with noauth's batch of the same round
    const loss = v === "noauth" ? "" : percent(1 - r.cpu.noauth / (r.cpu.noauth + extra(v)));
    return `| ${framework} | ${v} | ${r.cpu[v].toFixed(1)} | ${min.toFixed(1)}–${max.toFixed(1)} | ${loss} |`;
  });
  const summary =
    `- ${framework}: oso-ts loses ${percent(1 - r.cpu.noauth / (r.cpu.noauth + extra("oso-ts")))} by CPU time in process ` +
    `(+${extra("oso-ts").toFixed(1)} µs: ${costParts((a, b) => paired(r, a, b))}); ` +
    `the decision takes ${r.decisionInApp.toFixed(2)} µs inside the app, ${r.decisionInLoop.toFixed(2)} µs in a tight loop (same timer)`;
  return { rows, summary };
}

/** Throw on an option the HTTP benchmark does not take. */
export function checkArgs(args: readonly string[]): void {
  parseOptions(args);
}

export async function run(args: readonly string[] = []): Promise<void> {
  const options = parseOptions(args);
  const started = Date.now();
  console.log("## HTTP: GET /page/:id without and with authorization (Express 5, Koa 3)");
  console.log(
    `${options.rounds} interleaved rounds of ${options.duration} s per variant, ${options.connections} connections, ` +
      `after ${options.warmup} s of warm-up each; targets: oso-ts loses at most ${TARGET_LOSS.express}% (Express), ${TARGET_LOSS.koa}% (Koa)\n`,
  );
  const lines = [
    "| framework | variant | median req/s | min–max | loss (req/s) | server CPU µs/request | loss (CPU) |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  const summary: string[] = [];
  for (const framework of FRAMEWORKS) {
    const r = report(framework, await measure(framework, options));
    lines.push(...r.rows);
    const verdict = r.loss <= (TARGET_LOSS[framework] ?? 5) / 100 ? "met" : "MISSED";
    summary.push(
      `- ${framework}: oso-ts loses ${percent(r.loss)} of req/s (${verdict}); by server CPU time ${percent(r.cpuLoss)} (+${r.extraCpu.toFixed(1)} µs per request: ${r.parts})`,
    );
  }
  console.log(lines.join("\n"));
  console.log(`\n${summary.join("\n")}`);
  if (options["inprocess-rounds"] > 0) {
    console.log(
      `\nIn process, no sockets: ${options["inprocess-rounds"]} interleaved rounds of ${options["inprocess-requests"]} requests per variant; ` +
        "CPU µs per request (median), losses an upper bound of a real server's\n",
    );
    const table = [
      "| framework | variant | CPU µs/request | min–max | loss (CPU, paired) |",
      "| --- | --- | --- | --- | --- |",
    ];
    const summaries: string[] = [];
    const loops: string[] = [];
    for (const framework of FRAMEWORKS) {
      const { result, adapterLoop } = await measureInChild(
        framework,
        options["inprocess-rounds"],
        options["inprocess-requests"],
      );
      const { rows, summary } = inProcessReport(framework, result);
      table.push(...rows);
      summaries.push(summary);
      loops.push(`${framework} ${(adapterLoop / 1000).toFixed(2)} µs`);
    }
    console.log(table.join("\n"));
    console.log(`\n${summaries.join("\n")}`);
    console.log(
      `- the adapters' own code in a loop (stub decision, objects made as the framework makes them): ${loops.join(", ")} per request`,
    );
  }
  const micros = await decisionMicros();
  console.log(`- the decision alone (oso-ts isAllowed, awaited, in process): ${micros.toFixed(2)} µs`);
  console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
}
