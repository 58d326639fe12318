/**
 * A fault-injecting HTTP proxy in front of the sandbox LMS (tests only): forwards every request
 * to `target` unchanged, except those a rule answers itself: a status with headers and body, or
 * a hang (the request is held open until the proxy closes). Records every request it saw.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = { status: number; headers?: Record<string, string>; body?: string } | 'hang' | 'pass';

export interface FaultProxy {
  url: string;
  hits: { method: string; path: string; at: number; answered: string }[];
  /** The first matching rule decides; `times` limits how often it applies. */
  rule(match: (method: string, path: string) => boolean, fault: Fault, times?: number): void;
  clear(): void;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const rules: { match: (m: string, p: string) => boolean; fault: Fault; left: number }[] = [];
  const hits: FaultProxy['hits'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      const r = rules.find((x) => x.left > 0 && x.match(method, path));
      const fault: Fault = r?.fault ?? 'pass';
      if (r) r.left--;
      hits.push({ method, path, at: Date.now(), answered: typeof fault === 'string' ? fault : String(fault.status) });
      if (fault === 'hang') return;
      if (fault !== 'pass') {
        res.writeHead(fault.status, { 'Content-Type': 'application/json', ...(fault.headers ?? {}) });
        res.end(fault.body ?? '{}');
        return;
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers))
        if (k !== 'host' && k !== 'connection' && k !== 'content-length' && typeof v === 'string') headers.set(k, v);
      fetch(new URL(path, target), { method, headers, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) })
        .then(async (up) => {
          const body = Buffer.from(await up.arrayBuffer());
          res.writeHead(up.status, { 'Content-Type': up.headers.get('content-type') ?? 'application/octet-stream' });
          res.end(body);
        })
        .catch((err: unknown) => {
          res.writeHead(502);
          res.end(String(err));
        });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    rule: (match, fault, times = Infinity) => void rules.unshift({ match, fault, left: times }),
    clear: () => {
      rules.length = 0;
      hits.length = 0;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
