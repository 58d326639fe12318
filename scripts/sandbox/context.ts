/**
 * What every sandbox route shares: the store, clock, logger, URL sets, signers, runtime caches
 * (access tokens, replay sets, one-time registration tokens — deliberately not persisted), the
 * admin settings and the misbehaviour switches used by negative tests.
 */
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { FlavourUrls } from './flavours.ts';
import type { HintSigner } from './hints.ts';
import type { ToolKeyCache } from './keys.ts';
import type { SandboxStore } from './state.ts';
import type { Flavour, ToolRegistration } from './types.ts';

/** What a test may change in the next id_token the auth endpoint signs. */
export interface IdTokenTamper {
  /** Replaces the claims entirely (start from the ones passed in). */
  claims?: Record<string, unknown>;
  /** Sign with a freshly generated key the JWKS does not publish. */
  signWithForeignKey?: boolean;
  /** Set iat/exp in the past so the token is expired on arrival. */
  expired?: boolean;
}

export interface Tamper {
  /** One-shot: called with the claims of the next id_token, then cleared. */
  nextIdToken?: (claims: Record<string, unknown>) => IdTokenTamper | void;
  /**
   * Makes the next `remaining` service calls (token endpoint, AGS, NRPS) fail with `status`
   * (e.g. 503 outage, 429, or 403 "Rate Limit Exceeded" as Canvas throttles). Decremented per call.
   */
  failServiceCalls?: { remaining: number; status: number; message?: string };
  /** NRPS calls with `rlid` fail with `status` until cleared (a platform that cannot list a link's members). */
  failRlid?: { status: number; message?: string };
}

/** Admin-side settings of the sandbox, mutable at runtime (tests flip them). */
export interface SandboxSettings {
  /** Scopes the admin removes when approving a Dynamic Registration (Canvas lets admins narrow scopes). */
  deniedScopes: Record<Flavour, string[]>;
  /** Require `Authorization: Bearer <registration token>` on the openid-configuration GET (default false: accepted, checked when sent). */
  requireConfigToken: boolean;
  /** Reject service calls without a User-Agent header (default true, as Canvas does). */
  requireUserAgent: boolean;
  /** Deep Linking request settings per flavour. */
  deepLinking: Record<Flavour, { acceptTypes: string[]; acceptLineItem: boolean; acceptMultiple: boolean }>;
  /** Page size used when a caller sends no `limit` (line items, memberships); undefined = one page. */
  defaultPageSize?: number;
  /**
   * The `lti_storage_target` a flavour announces at login (LTI client-side postMessages): the name
   * of the course page's storage frame, `_parent`, or undefined for none (Moodle 4.1 sends none).
   */
  storageTarget: Record<Flavour, string | undefined>;
}

export interface AccessToken {
  clientId: string;
  flavour: Flavour;
  scopes: string[];
  expMs: number;
}

export interface RegistrationToken {
  flavour: Flavour;
  expMs: number;
}

export interface SandboxContext {
  baseUrl: string;
  store: SandboxStore;
  now: () => number;
  logger: Logger;
  urls: Record<Flavour, FlavourUrls>;
  hints: HintSigner;
  toolKeys: ToolKeyCache;
  settings: SandboxSettings;
  tamper: Tamper;
  accessTokens: Map<string, AccessToken>;
  registrationTokens: Map<string, RegistrationToken>;
  /** `${clientId} ${jti}` of client assertions already used, with their expiry. */
  usedAssertions: Map<string, number>;
  /** jti of Deep Linking requests already answered. */
  usedDeepLinks: Set<string>;
}

/** An error with the HTTP status and OAuth-style code the sandbox answers with. */
export class SandboxError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SandboxError';
  }
}

/** Throws the injected failure of `tamper.failServiceCalls`, if one is pending. */
export function injectedFailure(ctx: SandboxContext): void {
  const f = ctx.tamper.failServiceCalls;
  if (!f || f.remaining <= 0) return;
  f.remaining -= 1;
  if (f.remaining <= 0) ctx.tamper.failServiceCalls = undefined;
  const message = f.message ?? (f.status === 403 ? 'Rate Limit Exceeded' : 'Injected failure');
  throw new SandboxError(f.status, f.status === 403 ? 'rate_limit_exceeded' : 'injected_failure', message);
}

/** Sends a JSON error body (service endpoints). */
export function sendJsonError(res: Response, err: SandboxError): void {
  res.status(err.status).json({ error: err.code, error_description: err.message });
}

/** Renders the sandbox error page (browser-facing endpoints: login, auth, deep linking return). */
export function sendPageError(res: Response, err: SandboxError): void {
  res.status(err.status).render('error', { title: `Error ${err.status}: ${err.code}`, message: err.message });
}

/** Registration by client id within a flavour. */
export function findRegistration(ctx: SandboxContext, flavour: Flavour, clientId: string): ToolRegistration | undefined {
  return ctx.store.state.registrations.find((r) => r.flavour === flavour && r.clientId === clientId);
}

/** The registration used when none is named: the most recent one of the flavour. */
export function defaultRegistration(ctx: SandboxContext, flavour: Flavour): ToolRegistration | undefined {
  const regs = ctx.store.state.registrations.filter((r) => r.flavour === flavour);
  return regs[regs.length - 1];
}

/** First value of a query or body parameter, as a string. */
export function param(req: Request, name: string): string | undefined {
  const source = req.method === 'GET' ? req.query : { ...req.query, ...(req.body as Record<string, unknown> | undefined) };
  const v = (source as Record<string, unknown>)[name];
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}

/**
 * Paging for container GETs: `limit` (positive integer) and `page` (1-based) in the query; the
 * Link header carries next/prev/first/last with every other query parameter kept (Moodle's
 * type_id included).
 */
export function paginate<T>(req: Request, res: Response, publicUrl: string, items: T[], pageSize?: number): T[] {
  const limitRaw = req.query.limit ?? (pageSize ? String(pageSize) : undefined);
  const pageRaw = req.query.page;
  if (limitRaw === undefined) return items;
  const limit = Number(limitRaw);
  const page = pageRaw === undefined ? 1 : Number(pageRaw);
  if (!Number.isInteger(limit) || limit < 1) throw new SandboxError(400, 'invalid_request', 'limit must be a positive integer');
  if (!Number.isInteger(page) || page < 1) throw new SandboxError(400, 'invalid_request', 'page must be a positive integer');
  const lastPage = Math.max(1, Math.ceil(items.length / limit));
  const link = (p: number): string => {
    const u = new URL(publicUrl);
    u.searchParams.set('limit', String(limit));
    u.searchParams.set('page', String(p));
    return u.toString();
  };
  const rels = [`<${link(1)}>; rel="first"`, `<${link(lastPage)}>; rel="last"`];
  if (page < lastPage) rels.unshift(`<${link(page + 1)}>; rel="next"`);
  if (page > 1) rels.unshift(`<${link(page - 1)}>; rel="prev"`);
  res.setHeader('Link', rels.join(', '));
  return items.slice((page - 1) * limit, page * limit);
}

/** The URL the client used (base URL + original path and query), for Link headers and ids. */
export function publicUrl(ctx: SandboxContext, req: Request): string {
  return `${ctx.baseUrl}${req.originalUrl}`;
}
