/**
 * A browser-like HTTP client for LTI tests: cookie-aware (see ltiClient/cookieJar.ts), never
 * follows redirects by itself (`redirect: 'manual'`), and submits auto-post forms the way a browser
 * runs their script. `launch()` walks a complete launch from the sandbox's launch URL:
 *   platform-launch (sandbox /launch) -> tool-login (initiate_login_uri) -> platform-auth
 *   -> tool-launch (id_token + state to the redirect_uri) -> page(s) (the tool's redirects)
 * and records every step. `intercept` sees each request before it is sent and may return a
 * modified one (change `state`, drop cookies with `skipCookies`, point elsewhere) or `'stop'`.
 *
 * By default the walk happens in an iframe of the sandbox page (top-level site = the launch URL's
 * site), so requests to a tool on another site are cross-site, as in production.
 *
 * API
 *   new LtiClient({ blockThirdPartyCookies?, userAgent? })
 *   client.launch({ launchUrl, sandboxUrl?, frame?: 'iframe'|'top', intercept?, maxSteps? }): Promise<LaunchResult>
 *   client.get(url, opts?), client.postForm(url, fields, opts?), client.send(StepRequest, opts?)
 *   client.follow(result, opts?): continue a walk from any response (redirect or auto-post)
 *   client.jar: CookieJar
 */
import { CookieJar, siteOf, type Cookie, type CookieContext } from './ltiClient/cookieJar.ts';
import { findAutoSubmitForm, parseForms, type ParsedForm } from './ltiClient/forms.ts';

export { CookieJar, siteOf, type Cookie } from './ltiClient/cookieJar.ts';
export { decodeEntities, findAutoSubmitForm, parseForms, type ParsedForm } from './ltiClient/forms.ts';

export type StepKind = 'platform-launch' | 'tool-login' | 'platform-auth' | 'tool-launch' | 'deep-linking-response' | 'page';

export interface StepRequest {
  kind: StepKind;
  method: 'GET' | 'POST';
  url: string;
  /** Form fields of a POST (sent as application/x-www-form-urlencoded; an array repeats the field). */
  fields?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  /** Send no cookies with this request (a browser that blocked them). */
  skipCookies?: boolean;
}

export interface Step extends StepRequest {
  status: number;
  location?: string;
  html: string;
  /** The auto-submit form found on the page, if any. */
  form?: ParsedForm;
}

export interface HttpResult {
  status: number;
  url: string;
  headers: Headers;
  html: string;
  location?: string;
}

export interface LaunchResult {
  status: number;
  html: string;
  url: string;
  cookies: Cookie[];
  steps: Step[];
}

export interface BrowsingOptions {
  /** Site of the top-level page (the LMS course page). Default: the site of the first URL. */
  sandboxUrl?: string;
  /** 'iframe' (default): everything happens in a frame of the sandbox page. 'top': a new window. */
  frame?: 'iframe' | 'top';
}

export interface LaunchOptions extends BrowsingOptions {
  launchUrl: string;
  intercept?: (req: StepRequest, steps: readonly Step[]) => StepRequest | 'stop' | void | Promise<StepRequest | 'stop' | void>;
  maxSteps?: number;
}

function classify(method: string, url: string, fields: Record<string, string | string[]> | undefined, first: boolean): StepKind {
  if (first) return 'platform-launch';
  const u = new URL(url);
  const has = (k: string): boolean => u.searchParams.has(k) || (fields !== undefined && k in fields);
  if (has('id_token')) return 'tool-launch';
  if (has('JWT') && method === 'POST') return 'deep-linking-response';
  if (has('response_type') && has('redirect_uri')) return 'platform-auth';
  if (has('iss') && has('login_hint') && has('target_link_uri')) return 'tool-login';
  return 'page';
}

export class LtiClient {
  readonly jar: CookieJar;
  private readonly userAgent: string;

  constructor(opts: { blockThirdPartyCookies?: boolean; userAgent?: string } = {}) {
    this.jar = new CookieJar({ blockThirdPartyCookies: opts.blockThirdPartyCookies });
    this.userAgent = opts.userAgent ?? 'Mozilla/5.0 (X11; Linux x86_64) PathwiseTestClient/1.0';
  }

  private context(req: StepRequest, opts: BrowsingOptions & { initiator?: string }): CookieContext {
    const target = siteOf(req.url);
    if ((opts.frame ?? 'iframe') === 'top') {
      const initiator = opts.initiator ?? target;
      return { topSite: target, crossSite: initiator !== target, topLevel: true, method: req.method };
    }
    const topSite = opts.sandboxUrl ? siteOf(opts.sandboxUrl) : target;
    return { topSite, crossSite: topSite !== target, topLevel: false, method: req.method };
  }

  /** Sends one request with the jar's cookies and stores the response's cookies. */
  async send(req: StepRequest, opts: BrowsingOptions & { initiator?: string } = {}): Promise<HttpResult> {
    const ctx = this.context(req, opts);
    const headers: Record<string, string> = {
      'User-Agent': this.userAgent,
      Accept: 'text/html,application/xhtml+xml,*/*',
      ...(req.headers ?? {}),
    };
    const cookie = req.skipCookies ? undefined : this.jar.header(req.url, ctx);
    if (cookie) headers.Cookie = cookie;
    let body: string | undefined;
    if (req.method === 'POST') {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(req.fields ?? {})) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
      body = params.toString();
    }
    const res = await fetch(req.url, { method: req.method, headers, body, redirect: 'manual' });
    this.jar.store(res.headers.getSetCookie(), req.url, ctx);
    const html = await res.text();
    const location = res.headers.get('location');
    return {
      status: res.status,
      url: req.url,
      headers: res.headers,
      html,
      ...(location ? { location: new URL(location, req.url).toString() } : {}),
    };
  }

  /** GET with the jar (no redirect following). */
  get(url: string, opts: BrowsingOptions & { headers?: Record<string, string> } = {}): Promise<HttpResult> {
    return this.send({ kind: 'page', method: 'GET', url, ...(opts.headers ? { headers: opts.headers } : {}) }, opts);
  }

  /** Form POST with the jar (no redirect following): replays, forged launches, DL responses. */
  postForm(
    url: string,
    fields: Record<string, string | string[]>,
    opts: BrowsingOptions & { headers?: Record<string, string> } = {},
  ): Promise<HttpResult> {
    return this.send({ kind: 'page', method: 'POST', url, fields, ...(opts.headers ? { headers: opts.headers } : {}) }, opts);
  }

  /** Walks a complete launch like a browser would, recording each step. */
  async launch(opts: LaunchOptions): Promise<LaunchResult> {
    const browsing: BrowsingOptions = { sandboxUrl: opts.sandboxUrl ?? opts.launchUrl, frame: opts.frame ?? 'iframe' };
    return this.walk({ kind: 'platform-launch', method: 'GET', url: opts.launchUrl }, browsing, opts.intercept, opts.maxSteps ?? 12);
  }

  /** Continues a walk from a response: follows its redirect or submits its auto-post form. */
  async follow(from: HttpResult, opts: BrowsingOptions & Pick<LaunchOptions, 'intercept' | 'maxSteps'> = {}): Promise<LaunchResult> {
    const next = this.nextRequest(from, false);
    if (!next) return { status: from.status, html: from.html, url: from.url, cookies: this.jar.all(), steps: [] };
    return this.walk(next, opts, opts.intercept, opts.maxSteps ?? 12);
  }

  private nextRequest(res: HttpResult, first: boolean): StepRequest | undefined {
    if (res.status >= 300 && res.status < 400 && res.location) {
      return { kind: classify('GET', res.location, undefined, first), method: 'GET', url: res.location };
    }
    if (res.status !== 200) return undefined;
    const form = findAutoSubmitForm(res.html);
    if (!form) return undefined;
    const url = new URL(form.action || res.url, res.url);
    if (form.method === 'GET') {
      for (const [k, v] of Object.entries(form.fields)) url.searchParams.set(k, v);
      return { kind: classify('GET', url.toString(), undefined, first), method: 'GET', url: url.toString() };
    }
    return { kind: classify('POST', url.toString(), form.fields, first), method: 'POST', url: url.toString(), fields: form.fields };
  }

  private async walk(
    start: StepRequest,
    browsing: BrowsingOptions,
    intercept: LaunchOptions['intercept'],
    maxSteps: number,
  ): Promise<LaunchResult> {
    const steps: Step[] = [];
    let req: StepRequest | undefined = start;
    let initiator: string | undefined;
    let last: HttpResult | undefined;
    while (req && steps.length < maxSteps) {
      const changed = intercept ? await intercept(req, steps) : undefined;
      if (changed === 'stop') break;
      if (changed) req = changed;
      const res = await this.send(req, { ...browsing, ...(initiator ? { initiator } : {}) });
      const form = res.status === 200 ? findAutoSubmitForm(res.html) : undefined;
      steps.push({
        ...req,
        status: res.status,
        html: res.html,
        ...(res.location ? { location: res.location } : {}),
        ...(form ? { form } : {}),
      });
      last = res;
      initiator = siteOf(req.url);
      req = this.nextRequest(res, false);
    }
    if (!last) throw new Error('launch stopped before its first request');
    return { status: last.status, html: last.html, url: last.url, cookies: this.jar.all(), steps };
  }
}

/** Reads all forms of a page (e.g. the sandbox course page's launch buttons). */
export function formsOf(html: string): ParsedForm[] {
  return parseForms(html);
}
