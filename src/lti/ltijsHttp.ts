/**
 * ltijs makes its own HTTP requests with one shared `got` instance (ltijs/dist/Utils/Http.js): the
 * platform's JWKS when it verifies an id_token, the access token for AGS/NRPS, and its services.
 * Those URLs come from the platform, so they must go through the guarded outbound client (http.ts)
 * like Pathwise's own requests. This module replaces the methods of that instance (ltijs is pinned
 * to an exact version; `ltijsUsesGuardedClient` lets start-up and tests check that the
 * replacement is in place) with a small got-compatible adapter over `outboundFetch`:
 * `got.get(url, { headers, searchParams }).json()`, `got.post(url, { form | json | body })`,
 * awaited responses with `statusCode`, `headers` and `body`, and got's habit of rejecting
 * non-2xx answers. Streams and pagination, which ltijs does not use, are refused.
 */
import { createRequire } from 'node:module';
import { outboundFetch } from './http.ts';

interface GotOptions {
  headers?: Record<string, string>;
  searchParams?: Record<string, string | number | boolean> | URLSearchParams | string;
  form?: Record<string, string>;
  json?: unknown;
  body?: string;
  responseType?: 'json' | 'text' | 'buffer';
}

interface GotResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;
  url: string;
}

/** got's HTTPError shape, enough for ltijs's error handling (`err.response.statusCode`). */
class GuardedHttpError extends Error {
  constructor(readonly response: GotResponse) {
    super(`Response code ${response.statusCode}`);
    this.name = 'HTTPError';
  }
}

type GotPromise = Promise<GotResponse> & { json(): Promise<unknown>; text(): Promise<string> };

function request(method: string, url: string, opts: GotOptions = {}): GotPromise {
  const run = async (): Promise<{ res: GotResponse; text: string }> => {
    const u = new URL(url);
    if (opts.searchParams) for (const [k, v] of new URLSearchParams(opts.searchParams as Record<string, string>)) u.searchParams.set(k, v);
    const headers = new Headers(opts.headers);
    let body: string | undefined;
    if (opts.form) {
      body = new URLSearchParams(opts.form).toString();
      headers.set('content-type', 'application/x-www-form-urlencoded');
    } else if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    } else if (typeof opts.body === 'string') body = opts.body;
    const answer = await outboundFetch(u.toString(), { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await answer.text();
    const h: Record<string, string> = {};
    answer.headers.forEach((v, k) => (h[k] = v));
    let parsed: unknown = text;
    if (opts.responseType === 'json') parsed = text ? JSON.parse(text) : undefined;
    const res = { statusCode: answer.status, headers: h, body: parsed, url: u.toString() };
    if (answer.status < 200 || answer.status > 299) throw new GuardedHttpError(res);
    return { res, text };
  };
  const done = run();
  const p = done.then((r) => r.res) as GotPromise;
  p.json = () => done.then((r) => JSON.parse(r.text) as unknown);
  p.text = () => done.then((r) => r.text);
  return p;
}

const refuse = (what: string) => () => {
  throw new Error(`ltijs tried got.${what}, which Pathwise does not route through its guarded client`);
};

const MARK = Symbol.for('pathwise.guardedGot');

/** Routes every request ltijs makes through the guarded client (idempotent). */
export function guardLtijsHttp(): void {
  const require = createRequire(import.meta.url);
  const got = require('ltijs/dist/Utils/Http.js') as Record<string | symbol, unknown>;
  if (got[MARK]) return;
  for (const m of ['get', 'post', 'put', 'patch', 'delete', 'head'])
    got[m] = (url: string, opts?: GotOptions) => request(m.toUpperCase(), url, opts);
  got.stream = refuse('stream');
  got.paginate = refuse('paginate');
  got.extend = refuse('extend');
  got[MARK] = true;
}

/** True when ltijs's HTTP client is the guarded adapter. */
export function ltijsUsesGuardedClient(): boolean {
  const require = createRequire(import.meta.url);
  return Boolean((require('ltijs/dist/Utils/Http.js') as Record<symbol, unknown>)[MARK]);
}
