/**
 * Launch benchmark (not a test): N complete launches (sandbox login initiation, tool login, platform
 * auth, tool launch, first page) against the sandbox LMS with C concurrent browsers, for Pathwise and
 * for a bare ltijs tool whose onConnect only answers 200, in the same run, on the same engine.
 *
 *   npm run --silent bench:launch -- [--launches 400] [--concurrency 8] [--flavour canvas|moodle] [--rounds 2]
 *
 * Prints a JSON summary and a Markdown table for docs/benchmarks.md.
 */
import { parseArgs } from 'node:util';
import express from 'express';
import ltijs, { type LtijsProvider } from 'ltijs';
import { freePort } from '../../src/db/engine.ts';
import type { Flavour } from '../sandbox/index.ts';
import { LtiClient } from '../../test/support/ltiClient.ts';
import { benchStack, listen } from './stack.ts';

const { values } = parseArgs({
  options: {
    launches: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '8' },
    flavour: { type: 'string', default: 'canvas' },
    rounds: { type: 'string', default: '2' },
    steps: { type: 'boolean', default: false },
  },
});
const N = Number(values.launches);
const C = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
const flavour = values.flavour as Flavour;
if (!Number.isInteger(N) || N < 1 || !Number.isInteger(C) || C < 1 || !['canvas', 'moodle'].includes(flavour)) {
  process.stderr.write('usage: --launches N --concurrency C --flavour canvas|moodle --rounds R\n');
  process.exit(2);
}

const { engine, sb, info, clientId: pathwiseClient, close } = await benchStack({ name: 'launch', flavour });
const barePort = await freePort();
const bareUrl = `http://localhost:${barePort}`;

// The bare ltijs tool: same library, same engine, onConnect answers 200 and nothing else.
const BareProvider = (ltijs.Provider as unknown as { constructor: new () => LtijsProvider }).constructor;
const bare = new BareProvider();
bare.setup(
  'bare-ltijs-key'.padEnd(48, 'x'),
  { url: engine.uri },
  { cookies: { secure: true, sameSite: 'None' }, cors: false, tokenMaxAge: 60, dynRegRoute: '/unused' },
);
bare.onConnect((_token, _req, res) => void res.status(200).send('<!doctype html><p>ok</p>'));
await bare.Database.setup();
const bareApp = express();
bareApp.use('/', bare.app);
const bareServer = await listen(bareApp, barePort);
const bareReg = sb.sandbox.registerTool(flavour, {
  clientName: 'bare ltijs',
  jwksUri: `${bareUrl}/keys`,
  initiateLoginUri: `${bareUrl}/login`,
  redirectUris: [`${bareUrl}/`],
  targetLinkUri: `${bareUrl}/`,
});
await bare.registerPlatform({
  url: info.issuer,
  clientId: bareReg.clientId,
  name: 'sandbox',
  authenticationEndpoint: info.authorizationEndpoint,
  accesstokenEndpoint: info.tokenEndpoint,
  authConfig: { method: 'JWK_SET', key: info.jwksUri },
});

const link = sb.sandbox.resourceLinks(info.courseId)[0]!.id;
const students = info.studentIds;

async function run(clientId: string): Promise<{ rate: number; p50: number; p99: number; failures: number }> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: C }, async () => {
      for (;;) {
        const i = next++;
        if (i >= N) return;
        const launchUrl = sb.sandbox.launchUrl({
          flavour,
          courseId: info.courseId,
          userId: students[i % students.length]!,
          resourceLinkId: link,
          clientId,
        });
        const start = performance.now();
        const r = await new LtiClient().launch({ launchUrl, sandboxUrl: sb.url });
        latencies.push(performance.now() - start);
        if (r.status !== 200) failures++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return { rate: N / seconds, p50: q(0.5), p99: q(0.99), failures };
}

if (values.steps) {
  // Where a launch spends its time, step by step, one launch at a time.
  for (const [name, clientId] of [
    ['pathwise', pathwiseClient],
    ['bare', bareReg.clientId],
  ] as const) {
    const totals = new Map<string, number>();
    for (let i = 0; i < 30; i++) {
      const launchUrl = sb.sandbox.launchUrl({
        flavour,
        courseId: info.courseId,
        userId: students[i % students.length]!,
        resourceLinkId: link,
        clientId,
      });
      let last = performance.now();
      let kind = 'start';
      await new LtiClient().launch({
        launchUrl,
        sandboxUrl: sb.url,
        intercept: (req) => {
          const now = performance.now();
          totals.set(kind, (totals.get(kind) ?? 0) + now - last);
          last = now;
          kind = req.kind;
        },
      });
      totals.set(kind, (totals.get(kind) ?? 0) + performance.now() - last);
    }
    process.stdout.write(`${name}: ${[...totals].map(([k, v]) => `${k} ${(v / 30).toFixed(1)}ms`).join(', ')}\n`);
  }
}

// Warm up both, then alternate rounds so neither always runs on a warmer machine.
await run(pathwiseClient);
await run(bareReg.clientId);
const results: Record<'pathwise' | 'bare', Array<Awaited<ReturnType<typeof run>>>> = { pathwise: [], bare: [] };
for (let r = 0; r < ROUNDS; r++) {
  results.bare.push(await run(bareReg.clientId));
  results.pathwise.push(await run(pathwiseClient));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const summary = (k: 'pathwise' | 'bare') => ({
  launchesPerSecond: median(results[k].map((x) => x.rate)),
  p50ms: median(results[k].map((x) => x.p50)),
  p99ms: median(results[k].map((x) => x.p99)),
  failures: results[k].reduce((a, x) => a + x.failures, 0),
});
const out = {
  flavour,
  launches: N,
  concurrency: C,
  rounds: ROUNDS,
  engine: engine.kind,
  pathwise: summary('pathwise'),
  bareLtijs: summary('bare'),
};
const ratio = out.pathwise.launchesPerSecond / out.bareLtijs.launchesPerSecond;
process.stdout.write(`${JSON.stringify({ ...out, ratio: Number(ratio.toFixed(3)) }, null, 2)}\n`);
const f = (x: number) => x.toFixed(1);
process.stdout.write(
  [
    '',
    '| tool | launches/s | p50 (ms) | p99 (ms) | failed |',
    '|---|---|---|---|---|',
    `| Pathwise | ${f(out.pathwise.launchesPerSecond)} | ${f(out.pathwise.p50ms)} | ${f(out.pathwise.p99ms)} | ${out.pathwise.failures} |`,
    `| bare ltijs (onConnect = 200) | ${f(out.bareLtijs.launchesPerSecond)} | ${f(out.bareLtijs.p50ms)} | ${f(out.bareLtijs.p99ms)} | ${out.bareLtijs.failures} |`,
    `| ratio Pathwise / bare | ${ratio.toFixed(2)} | | | |`,
    '',
  ].join('\n'),
);

bareServer.closeAllConnections();
await new Promise<void>((r) => bareServer.close(() => r()));
await close();
