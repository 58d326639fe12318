/**
 * THE outbound HTTP client: everything Pathwise fetches on someone else's word (a platform's
 * OpenID configuration, registration endpoint, JWKS, token endpoint, AGS and NRPS services) goes
 * through `outboundFetch`. A platform chooses those URLs, so without a guard a hostile platform (or
 * an outsider with a registration link) could make Pathwise read its own network: cloud metadata,
 * the database, admin ports (server-side request forgery).
 *
 * In production the policy accepts only `https:` and only public unicast addresses. The address
 * is checked where the socket connects (a custom DNS lookup), so a name that resolves to a public
 * address once and a private one later (DNS rebinding) cannot slip through, and every redirect is
 * a new request checked the same way. Answers are capped in size and time. Development and tests
 * talk to the sandbox LMS on 127.0.0.1 over http, so there the policy allows both; `data:`,
 * `file:` and every other scheme are refused everywhere.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

/** Canvas rejects server-to-server calls without a User-Agent. */
export const USER_AGENT = 'Pathwise/0.1 (LTI 1.3 tool)';

export interface OutboundPolicy {
  /** Allow `http:` (development and tests only). */
  allowHttp: boolean;
  /** Allow loopback, private, link-local and other non-public addresses (development and tests only). */
  allowPrivate: boolean;
  /** Host names exempt from the address check (an on-premises LMS on the school network). */
  allowHosts: string[];
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
}

const PRODUCTION: OutboundPolicy = {
  allowHttp: false,
  allowPrivate: false,
  allowHosts: [],
  maxBytes: 1_000_000,
  timeoutMs: 10_000,
  maxRedirects: 3,
};
let current: OutboundPolicy = { ...PRODUCTION };

/** Sets the process-wide policy once at start-up (app.ts); `production` is the default until then. */
export function configureOutbound(p: Partial<OutboundPolicy>): void {
  current = { ...PRODUCTION, ...p };
}

export function outboundPolicy(): OutboundPolicy {
  return current;
}

export type OutboundErrorCode =
  'blocked_scheme' | 'blocked_address' | 'too_large' | 'timeout' | 'too_many_redirects' | 'bad_url' | 'network';

export class OutboundError extends Error {
  constructor(
    readonly code: OutboundErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

/** True only for globally routable unicast addresses (IPv4-mapped IPv6 is judged as its IPv4). */
export function isPublicAddress(ip: string): boolean {
  if (!ipaddr.isValid(ip)) return false;
  let addr = ipaddr.parse(ip);
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  return addr.range() === 'unicast';
}

function hostOf(u: URL): string {
  return u.hostname.replace(/^\[|\]$/g, '');
}

/** Checks scheme and, for literal IP hosts, the address (names are checked at connect time). */
export function assertUrlAllowed(raw: string, policy: OutboundPolicy = current): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new OutboundError('bad_url', 'not a valid URL');
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && policy.allowHttp))
    throw new OutboundError('blocked_scheme', `${u.protocol} URLs are not allowed`);
  if (u.username || u.password) throw new OutboundError('bad_url', 'URLs with credentials are not allowed');
  const host = hostOf(u);
  if (net.isIP(host) && !policy.allowPrivate && !policy.allowHosts.includes(host) && !isPublicAddress(host)) {
    throw new OutboundError('blocked_address', `${host} is not a public address`);
  }
  return u;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** A DNS lookup that refuses non-public answers; used by the socket itself, so what is checked is what is connected to. */
function guardedLookup(policy: OutboundPolicy) {
  return (hostname: string, options: dns.LookupOptions, cb: LookupCallback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return cb(err, '');
      const list = addresses as dns.LookupAddress[];
      const exempt = policy.allowPrivate || policy.allowHosts.includes(hostname);
      const bad = list.find((a) => !isPublicAddress(a.address));
      if (!exempt && (list.length === 0 || bad)) {
        return cb(
          new OutboundError('blocked_address', `${hostname} resolves to a non-public address`) as unknown as NodeJS.ErrnoException,
          '',
        );
      }
      if (options.all) return cb(null, list);
      const first = list[0]!;
      cb(null, first.address, first.family);
    });
  };
}

interface RawAnswer {
  status: number;
  headers: Headers;
  body: Buffer;
}

function requestOnce(
  u: URL,
  method: string,
  headers: Headers,
  body: string | undefined,
  policy: OutboundPolicy,
  signal: AbortSignal,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const mod = u.protocol === 'https:' ? https : http;
    const h: Record<string, string> = {};
    headers.forEach((v, k) => (h[k] = v));
    if (body !== undefined) h['content-length'] = String(Buffer.byteLength(body));
    const req = mod.request(u, { method, headers: h, lookup: guardedLookup(policy) as unknown as typeof dns.lookup, signal, agent: false });
    req.on('error', (err: Error & { code?: string }) => {
      if (err instanceof OutboundError) return reject(err);
      if (signal.aborted) return reject(new OutboundError('timeout', `no answer within ${policy.timeoutMs} ms`));
      reject(new OutboundError('network', err.message));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const declared = Number(res.headers['content-length'] ?? 0);
      if (declared > policy.maxBytes) {
        req.destroy();
        return reject(new OutboundError('too_large', `answer larger than ${policy.maxBytes} bytes`));
      }
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > policy.maxBytes) {
          req.destroy();
          reject(new OutboundError('too_large', `answer larger than ${policy.maxBytes} bytes`));
          return;
        }
        chunks.push(c);
      });
      res.on('error', (err) =>
        reject(
          signal.aborted
            ? new OutboundError('timeout', `no answer within ${policy.timeoutMs} ms`)
            : new OutboundError('network', err.message),
        ),
      );
      res.on('end', () => {
        const out = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(', ') : v);
        resolve({ status: res.statusCode ?? 502, headers: out, body: Buffer.concat(chunks) });
      });
    });
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/**
 * fetch-like: returns a standard Response whose body is already read (and capped). Redirects are
 * followed by hand, each hop checked again; credentials are not carried to another origin.
 */
export async function outboundFetch(url: string, init: RequestInit = {}, timeoutMs?: number): Promise<Response> {
  return fetchWithPolicy(current, url, init, timeoutMs);
}

/** The same client under an explicit policy (tests of the production policy; nothing else). */
export async function fetchWithPolicy(policy: OutboundPolicy, url: string, init: RequestInit = {}, timeoutMs?: number): Promise<Response> {
  const signal = AbortSignal.timeout(timeoutMs ?? policy.timeoutMs);
  const headers = new Headers(init.headers);
  headers.set('User-Agent', USER_AGENT);
  let method = (init.method ?? 'GET').toUpperCase();
  let body =
    init.body === undefined || init.body === null
      ? undefined
      : init.body instanceof URLSearchParams
        ? init.body.toString()
        : typeof init.body === 'string'
          ? init.body
          : undefined;
  if (init.body != null && body === undefined) throw new OutboundError('bad_url', 'only string and form bodies are supported');
  let u = assertUrlAllowed(url, policy);
  for (let hop = 0; ; hop++) {
    const answer = await requestOnce(u, method, headers, body, policy, signal);
    const location = answer.headers.get('location');
    if (answer.status >= 300 && answer.status < 400 && location) {
      if (hop >= policy.maxRedirects) throw new OutboundError('too_many_redirects', `more than ${policy.maxRedirects} redirects`);
      const next = assertUrlAllowed(new URL(location, u).toString(), policy);
      if (next.origin !== u.origin) {
        headers.delete('authorization');
        headers.delete('cookie');
      }
      if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        headers.delete('content-type');
      }
      u = next;
      continue;
    }
    const nullBody = answer.status === 204 || answer.status === 304 || answer.status < 200;
    return new Response(nullBody ? null : answer.body, { status: answer.status < 200 ? 502 : answer.status, headers: answer.headers });
  }
}

/** The name the rest of the code already uses (ags.ts, jwks.ts): the same guarded client. */
export const fetchWithUa = outboundFetch;

/**
 * For endpoints Pathwise stores now and fetches later (token endpoint, JWKS): refuses at
 * registration time a URL the client would refuse anyway, so a bad registration fails early.
 */
export async function assertEndpointAllowed(raw: string, policy: OutboundPolicy = current): Promise<void> {
  const u = assertUrlAllowed(raw, policy);
  const host = hostOf(u);
  if (policy.allowPrivate || policy.allowHosts.includes(host) || net.isIP(host)) return;
  const list = await dns.promises.lookup(host, { all: true }).catch(() => {
    throw new OutboundError('network', `${host} cannot be resolved`);
  });
  if (list.some((a) => !isPublicAddress(a.address))) throw new OutboundError('blocked_address', `${host} resolves to a non-public address`);
}
