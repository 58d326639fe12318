/**
 * A cookie jar that applies the browser rules an LTI launch depends on, enough for http://localhost
 * and 127.0.0.1 tests:
 * - Secure cookies are accepted and sent on https and on localhost/127.0.0.1 (trustworthy origins);
 * - SameSite=None requires Secure; a missing SameSite means Lax;
 * - in a cross-site context (a tool framed by the LMS) Lax/Strict cookies are neither set nor sent;
 *   in a top-level navigation Lax cookies are sent on cross-site GETs, Strict ones never;
 * - Partitioned cookies (CHIPS) are keyed by the top-level site;
 * - `blockThirdPartyCookies` (Safari-like) drops unpartitioned cookies in cross-site frames.
 * "Site" is scheme + host without port (no public-suffix list: enough for localhost tests).
 */

export interface Cookie {
  name: string;
  value: string;
  domain: string;
  hostOnly: boolean;
  path: string;
  expiresMs?: number;
  secure: boolean;
  httpOnly: boolean;
  sameSite: 'strict' | 'lax' | 'none';
  /** Top-level site of a Partitioned cookie. */
  partitionKey?: string;
}

/** The browsing context of one request. */
export interface CookieContext {
  /** Site of the top-level document (partition key). */
  topSite: string;
  /** true when the request's site differs from the site-for-cookies (framed cross-site, or cross-site navigation). */
  crossSite: boolean;
  /** Top-level navigation (Lax cookies go on cross-site GETs) rather than a framed request. */
  topLevel: boolean;
  method: string;
}

/** Site of a URL: scheme + host without port. */
export function siteOf(url: string | URL): string {
  const u = typeof url === 'string' ? new URL(url) : url;
  return `${u.protocol}//${u.hostname}`;
}

function trustworthy(u: URL): boolean {
  return u.protocol === 'https:' || u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]';
}

function defaultPath(u: URL): string {
  const p = u.pathname;
  if (!p.startsWith('/') || p.lastIndexOf('/') === 0) return '/';
  return p.slice(0, p.lastIndexOf('/'));
}

export class CookieJar {
  private cookies: Cookie[] = [];

  constructor(private readonly opts: { blockThirdPartyCookies?: boolean; now?: () => number } = {}) {}

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** Stores the Set-Cookie headers of a response, applying the rules above. */
  store(setCookies: string[], url: string, ctx: CookieContext): void {
    const u = new URL(url);
    for (const line of setCookies) {
      const c = this.parse(line, u, ctx);
      if (!c) continue;
      this.cookies = this.cookies.filter(
        (x) => !(x.name === c.name && x.domain === c.domain && x.path === c.path && x.partitionKey === c.partitionKey),
      );
      if (c.expiresMs === undefined || c.expiresMs > this.now()) this.cookies.push(c);
    }
  }

  private parse(line: string, u: URL, ctx: CookieContext): Cookie | undefined {
    const [pair, ...attrs] = line.split(';');
    const eq = pair?.indexOf('=') ?? -1;
    if (!pair || eq < 1) return undefined;
    const c: Cookie = {
      name: pair.slice(0, eq).trim(),
      value: pair.slice(eq + 1).trim(),
      domain: u.hostname,
      hostOnly: true,
      path: defaultPath(u),
      secure: false,
      httpOnly: false,
      sameSite: 'lax',
    };
    let partitioned = false;
    let maxAge: number | undefined;
    for (const attr of attrs) {
      const i = attr.indexOf('=');
      const key = (i < 0 ? attr : attr.slice(0, i)).trim().toLowerCase();
      const val = i < 0 ? '' : attr.slice(i + 1).trim();
      if (key === 'domain' && val) {
        const d = val.replace(/^\./, '').toLowerCase();
        if (u.hostname !== d && !u.hostname.endsWith(`.${d}`)) return undefined;
        c.domain = d;
        c.hostOnly = false;
      } else if (key === 'path' && val.startsWith('/')) c.path = val;
      else if (key === 'expires') {
        const t = Date.parse(val);
        if (!Number.isNaN(t)) c.expiresMs = t;
      } else if (key === 'max-age') maxAge = Number(val);
      else if (key === 'secure') c.secure = true;
      else if (key === 'httponly') c.httpOnly = true;
      else if (key === 'samesite') c.sameSite = val.toLowerCase() === 'none' ? 'none' : val.toLowerCase() === 'strict' ? 'strict' : 'lax';
      else if (key === 'partitioned') partitioned = true;
    }
    if (maxAge !== undefined && Number.isFinite(maxAge)) c.expiresMs = this.now() + maxAge * 1000;
    if (c.secure && !trustworthy(u)) return undefined;
    if (c.sameSite === 'none' && !c.secure) return undefined;
    if (partitioned) {
      if (!c.secure) return undefined;
      c.partitionKey = ctx.topSite;
    }
    if (ctx.crossSite && !ctx.topLevel) {
      if (c.sameSite !== 'none') return undefined;
      if (!partitioned && this.opts.blockThirdPartyCookies) return undefined;
    }
    return c;
  }

  /** The Cookie header value for a request, or undefined when no cookie applies. */
  header(url: string, ctx: CookieContext): string | undefined {
    const u = new URL(url);
    const now = this.now();
    this.cookies = this.cookies.filter((c) => c.expiresMs === undefined || c.expiresMs > now);
    const matching = this.cookies.filter((c) => {
      const domainOk = c.hostOnly ? u.hostname === c.domain : u.hostname === c.domain || u.hostname.endsWith(`.${c.domain}`);
      if (!domainOk) return false;
      if (!(u.pathname === c.path || u.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))) return false;
      if (c.secure && !trustworthy(u)) return false;
      if (c.partitionKey !== undefined && c.partitionKey !== ctx.topSite) return false;
      if (ctx.crossSite) {
        if (c.sameSite === 'strict') return false;
        if (c.sameSite === 'lax' && !(ctx.topLevel && ctx.method === 'GET')) return false;
        if (!ctx.topLevel && c.partitionKey === undefined && this.opts.blockThirdPartyCookies) return false;
      }
      return true;
    });
    if (matching.length === 0) return undefined;
    return matching
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  /** Every stored cookie (copies). */
  all(): Cookie[] {
    return this.cookies.map((c) => ({ ...c }));
  }

  /** Removes cookies matching the predicate (all when omitted): "drop the cookie" in negative tests. */
  clear(predicate: (c: Cookie) => boolean = () => true): void {
    this.cookies = this.cookies.filter((c) => !predicate(c));
  }
}
