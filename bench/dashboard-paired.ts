import { loadavg } from 'node:os';
import { Dashboard, generate } from './dashboard-data';
import { Api, Build, buildOf, captureRequestSql, freshDatabase, login, print, startApi, thisBuild } from './support';

/** The commit before issue 15's restructuring, the "before" of its "no slower". */
const DEFAULT_BASELINE = 'ee72c1a';

interface Side {
  build: Build;
  api: Api;
  url: string;
  headers: Record<string, string>;
}

interface Window {
  cpuMs: number;
  latencies: number[];
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** `count` dashboards at `rate` a second from one caller, and the api's CPU per request meanwhile. */
async function window(side: Side, count: number, rate: number): Promise<Window> {
  const before = side.api.cpuMs();
  const started = performance.now();
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    await sleep(Math.max(0, started + (i * 1000) / rate - performance.now()));
    const sent = performance.now();
    const res = await fetch(side.url, { headers: side.headers });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${side.build.name}: GET /dashboard answered ${res.status}`);
    latencies.push(performance.now() - sent);
  }
  return { cpuMs: (side.api.cpuMs() - before) / count, latencies };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The pairs' differences (this build minus the baseline): mean with twice its standard error, median, how often higher. */
function difference(pairs: [number, number][]): string {
  const d = pairs.map(([base, now]) => now - base);
  const m = mean(d);
  const twoSe = d.length > 1 ? 2 * Math.sqrt(d.reduce((s, x) => s + (x - m) ** 2, 0) / (d.length - 1) / d.length) : NaN;
  const higher = d.filter((x) => x > 0).length;
  const signed = (x: number) => `${x >= 0 ? '+' : '-'}${Math.abs(x).toFixed(2)}`;
  return (
    `mean ${signed(m)} ± ${twoSe.toFixed(2)} ms (2 s.e.), median ${signed(median(d))} ms, ` +
    `this build higher in ${higher} of ${d.length}`
  );
}

function summary(label: string, pairs: [number, number][], base: Build): void {
  const baseCpu = median(pairs.map(([b]) => b));
  const nowCpu = median(pairs.map(([, n]) => n));
  print(
    `floor  ${label.padEnd(28)} api CPU ${nowCpu.toFixed(2)} ms/request   floor ${baseCpu.toFixed(2)} ms/request ` +
      `(${base.name}, same run)   ratio ${(nowCpu / baseCpu).toFixed(2)}   difference ${difference(pairs)}`,
  );
}

/**
 * Issue 15's "no slower" for the dashboard with one caller, which the separate runs could not
 * settle: one build's api varies more between runs than the builds differ. This run puts this build
 * and an earlier one (BENCH_BASELINE, a git revision, default the commit before the restructuring)
 * side by side, each with its own database of the same generated data (BENCH_OPEN_DEADLINES open
 * deadlines an organisation, default 10,000) and its own api process. One caller each asks for the
 * dashboard at BENCH_RATE a second (default 15, both at once, so drift of the machine falls on
 * both), in BENCH_WINDOWS windows (default 26) of BENCH_WINDOW_REQUESTS requests (default 75). Each
 * window prints both apis' CPU per request; the first BENCH_COLD_WINDOWS (default 4) are the
 * warm-up after start and are summed up apart from the rest. The baseline's figure is the floor:
 * a ratio above 1 is slower.
 */
async function main(): Promise<void> {
  const baselineRef = process.env.BENCH_BASELINE ?? DEFAULT_BASELINE;
  const openDeadlines = Number(process.env.BENCH_OPEN_DEADLINES ?? 10_000);
  const rate = Number(process.env.BENCH_RATE ?? 15);
  const windows = Number(process.env.BENCH_WINDOWS ?? 26);
  const perWindow = Number(process.env.BENCH_WINDOW_REQUESTS ?? 75);
  const coldWindows = Number(process.env.BENCH_COLD_WINDOWS ?? 4);
  const baseline = await buildOf(baselineRef);
  const databases: Awaited<ReturnType<typeof freshDatabase>>[] = [];
  const apis: Api[] = [];
  try {
    const current = thisBuild();
    const builds = [baseline, current];
    for (const build of builds) {
      const database = await freshDatabase(build === current ? undefined : build);
      databases.push(database);
      print(`${build.name}: generating ${openDeadlines} open deadlines in each of five organisations`);
      await generate(database.db, openDeadlines);
      let token: string | undefined;
      const statements = await captureRequestSql(
        database.url,
        async (api) => {
          token ??= await login(api.url, 'supervisor-0@bench.example');
          await (
            await fetch(`${api.url}/api/v1/dashboard`, { headers: { authorization: `Bearer ${token}` } })
          ).arrayBuffer();
        },
        build,
      );
      print(`${build.name}: ${statements.length} statements for one dashboard, its audit included`);
      if (process.env.BENCH_SHOW_STATEMENTS)
        for (const s of statements) print(`  ${s.text.replace(/\s+/g, ' ').slice(0, 160)}`);
    }
    // Both apis start together: an api's CPU per request has bumps at given ages (compilation as
    // functions warm up), which then fall in the same windows for both.
    const sides: Side[] = await Promise.all(
      builds.map(async (build, i) => {
        const api = await startApi(databases[i].url, build);
        apis.push(api);
        const bearer = `Bearer ${await login(api.url, 'supervisor-0@bench.example')}`;
        return { build, api, url: `${api.url}/api/v1/dashboard`, headers: { authorization: bearer } };
      }),
    );
    const answers = await Promise.all(
      sides.map(async ({ url, headers }) => {
        const body = await (await fetch(url, { headers })).text();
        const { open, atRisk, breached, waitingListTotal } = JSON.parse(body) as Dashboard;
        return { figures: { open, atRisk, breached, waitingListTotal }, bytes: Buffer.byteLength(body) };
      }),
    );
    const [figures, other] = answers.map((a) => JSON.stringify(a.figures));
    if (figures !== other || answers[0].figures.open !== openDeadlines) {
      throw new Error(`the two dashboards differ: ${figures} and ${other}`);
    }
    print(`both dashboards: ${figures}; ${answers.map((a) => a.bytes).join(' and ')} bytes`);
    print(
      `GET /dashboard, 1 caller a build at ${rate} req/s, ${windows} windows of ${perWindow} requests, ` +
        `${new Date().toISOString()}, load average ${loadavg()[0].toFixed(2)}`,
    );
    print(
      `window  ${sides[0].build.name.padStart(10)}  ${sides[1].build.name.padStart(10)}  (api CPU ms/request; p50 ms)`,
    );
    const pairs: [number, number][] = [];
    const latencies: [number[], number[]] = [[], []];
    for (let w = 0; w < windows; w++) {
      const [base, now] = await Promise.all(sides.map((side) => window(side, perWindow, rate)));
      pairs.push([base.cpuMs, now.cpuMs]);
      if (w >= coldWindows) {
        latencies[0].push(...base.latencies);
        latencies[1].push(...now.latencies);
      }
      print(
        `${String(w + 1).padStart(6)}  ${base.cpuMs.toFixed(2).padStart(10)}  ${now.cpuMs.toFixed(2).padStart(10)}` +
          `  (p50 ${median(base.latencies).toFixed(1)} / ${median(now.latencies).toFixed(1)})`,
      );
    }
    print(`load average at the end ${loadavg()[0].toFixed(2)}`);
    summary(`first ${coldWindows * perWindow} requests`, pairs.slice(0, coldWindows), baseline);
    summary('warm', pairs.slice(coldWindows), baseline);
    print(
      `latency warm: p50 ${median(latencies[1]).toFixed(1)} ms against ${median(latencies[0]).toFixed(1)} ms ` +
        `(${baseline.name})`,
    );
  } finally {
    await Promise.all(apis.map((api) => api.stop()));
    await Promise.all(databases.map((database) => database.drop()));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
