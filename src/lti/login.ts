/**
 * The OIDC login step, in front of ltijs's. It answers an unknown issuer with a clear 400 page
 * (ltijs would crash on it), accepts only a target link on Pathwise itself, redirects only to the
 * authorization endpoint of the registered platform, and binds the nonce to the login: the nonce
 * sent to the platform is an HMAC of the login's `state`, so the launch must come back with the
 * nonce of the very login that issued its state (checked in launchValidator.ts).
 *
 * The login writes nothing (an unauthenticated flood of logins must not fill the database): the
 * `state` sent to the platform is ltijs's random state followed by the login parameters and an
 * HMAC (`<ltijs state>.<params>.<mac>`, see `sealState`), so a launch whose state cookie was
 * blocked can still tell our state from a forged one and offer "open in a new window" with the
 * original parameters. The launch strips the seal before ltijs sees the state (its cookie is named
 * after its own short state), and makes the state single use with one record written by the
 * successful, signed launch (launchValidator.ts). ltijs would store a record for a target link
 * with a query string; Pathwise's target links have none, so the query is dropped.
 *
 * When the platform announces `lti_storage_target` and the login runs in a frame, the seal also
 * names the storage frame and the platform's origin, and the login answers with a page that puts
 * the state and nonce in that frame (clientStorage.ts) for browsers that drop the state cookie.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, Response, NextFunction, CookieOptions } from 'express';
import type { Logger } from '../logger.ts';
import { findRegistration, registrationsOfIssuer } from '../repositories/registrations.ts';
import { storageTargetOf, storeAndContinue } from './clientStorage.ts';
import { ltiError } from './errors.ts';

/** The nonce a login with this state must get back (hex, 32 chars). */
export function nonceFor(key: string, state: string): string {
  return createHmac('sha256', key).update(`nonce:${state}`).digest('hex').slice(0, 32);
}

/** How long a login's state is accepted by a launch. */
export const LOGIN_TTL_SECONDS = 600;

function mac(key: string, text: string): string {
  return createHmac('sha256', key).update(`login-state:${text}`).digest('base64url').slice(0, 32);
}

/** Where a cookieless login keeps its state: the platform's storage frame and the platform's origin. */
export interface LoginStorage {
  target: string;
  origin: string;
}

/** ltijs's state + the login parameters (+ the storage frame, when used), signed. */
export function sealState(key: string, inner: string, params: Record<string, string>, now = Date.now(), storage?: LoginStorage): string {
  const body = Buffer.from(JSON.stringify({ p: params, t: Math.floor(now / 1000), ...(storage ? { s: storage } : {}) })).toString(
    'base64url',
  );
  return `${inner}.${body}.${mac(key, `${inner}.${body}`)}`;
}

export interface LoginState {
  /** ltijs's own state (its cookie is `state<inner>`). */
  inner: string;
  params: Record<string, string>;
  /** Set when the login stored its state in the platform's storage frame. */
  storage?: LoginStorage;
}

/** The login a state was issued for, or null when it is not ours, was altered, or is older than LOGIN_TTL_SECONDS. */
export function openState(key: string, state: unknown, now = Date.now()): LoginState | null {
  if (typeof state !== 'string' || state.length > 20_000) return null;
  const [inner, body, tag, extra] = state.split('.');
  if (!inner || !body || !tag || extra !== undefined) return null;
  const want = Buffer.from(mac(key, `${inner}.${body}`));
  const got = Buffer.from(tag);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
  try {
    const { p, t, s } = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
      p: Record<string, string>;
      t: number;
      s?: LoginStorage;
    };
    if (typeof t !== 'number' || now / 1000 - t > LOGIN_TTL_SECONDS || typeof p !== 'object' || p === null) return null;
    return { inner, params: p, ...(s && typeof s.target === 'string' && typeof s.origin === 'string' ? { storage: s } : {}) };
  } catch {
    return null;
  }
}

const PARAMS = ['iss', 'login_hint', 'target_link_uri', 'lti_message_hint', 'client_id', 'lti_deployment_id'] as const;

/** The login's parameters as a query string, to start it again (the new-window fallback). */
export function loginUrlParams(login: LoginState): URLSearchParams {
  return new URLSearchParams(login.params);
}

export function loginGuard(opts: { publicUrl: string; key: string; log: Logger }) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const merged: Record<string, unknown> = { ...(req.query as object), ...((req.body ?? {}) as object) };
      const params: Record<string, string> = {};
      for (const k of PARAMS) {
        const v = merged[k];
        if (v === undefined) continue;
        if (typeof v !== 'string' || v.length > 4096) return next(ltiError('bad_login', `${k} must be a single text value`));
        params[k] = v;
      }
      if (!params.iss || !params.login_hint || !params.target_link_uri)
        return next(ltiError('bad_login', 'iss, login_hint and target_link_uri are required'));
      if (!params.target_link_uri.startsWith(`${opts.publicUrl}/`))
        return next(ltiError('bad_login', 'the target link is not a Pathwise address'));
      // ltijs stores a record for a target link with a query; Pathwise's have none.
      if (params.target_link_uri.includes('?')) {
        params.target_link_uri = params.target_link_uri.split('?')[0]!;
        for (const src of [req.query, req.body] as Array<Record<string, unknown> | undefined>)
          if (src && typeof src.target_link_uri === 'string') src.target_link_uri = params.target_link_uri;
      }
      const registration = params.client_id
        ? await findRegistration(params.iss, params.client_id)
        : await registrationsOfIssuer(params.iss).then((r) => (r.length === 1 ? r[0]! : null));
      if (!registration)
        return next(
          ltiError('unknown_platform', params.client_id ? undefined : 'send client_id when several registrations share an issuer'),
        );
      const authEndpoint = registration.authEndpoint.split('?')[0];
      const storageTarget = storageTargetOf(req, merged.lti_storage_target);

      const cookie = res.cookie.bind(res);
      res.cookie = ((name: string, value: unknown, o: CookieOptions = {}) =>
        cookie(name, value, { ...o, partitioned: true })) as typeof res.cookie;
      const redirect = res.redirect.bind(res) as (status: number, url: string) => void;
      res.redirect = ((url: string) => {
        const target = new URL(url);
        const inner = target.searchParams.get('state');
        if (`${target.origin}${target.pathname}` !== authEndpoint || !inner) {
          opts.log.error({ path: req.path }, 'ltijs tried to redirect a login outside the registered authorization endpoint');
          return next(ltiError('unknown_platform'));
        }
        const storage = storageTarget ? { target: storageTarget, origin: target.origin } : undefined;
        const state = sealState(opts.key, inner, params, Date.now(), storage);
        const nonce = nonceFor(opts.key, state);
        target.searchParams.set('state', state);
        target.searchParams.set('nonce', nonce);
        if (storage) storeAndContinue(res, { target: storage.target, authUrl: target, state, inner, nonce, key: opts.key });
        else redirect(302, target.toString());
      }) as typeof res.redirect;
      next();
    } catch (err) {
      next(err);
    }
  };
}
