/**
 * The OIDC login step, in front of ltijs's. It answers an unknown issuer with a clear 400 page
 * (ltijs would crash on it), accepts only a target link on Pathwise itself, redirects only to the
 * authorization endpoint of the registered platform, and binds the nonce to the login: the nonce
 * sent to the platform is an HMAC of the login's `state`, so the launch must come back with the
 * nonce of the very login that issued its state (checked in launchValidator.ts).
 *
 * One record per login (LoginAttempt, expires in 10 minutes) keeps the login parameters so a
 * launch whose state cookie was blocked can offer "open in a new window"; it also makes the state
 * single use (the launch deletes it). It is written only for a registered platform, after the
 * rate limit (see rateLimit.ts), so an anonymous flood stops writing once it is limited.
 *
 * When the platform announces `lti_storage_target` and the login runs in a frame, the state and
 * nonce are also stored in the platform's storage frame (clientStorage.ts) for browsers that drop
 * the state cookie.
 */
import { createHmac } from 'node:crypto';
import type { Request, Response, NextFunction, CookieOptions } from 'express';
import type { Logger } from '../logger.ts';
import { LoginAttempt } from '../repositories/models/LoginAttempt.ts';
import { findRegistration, registrationsOfIssuer } from '../repositories/registrations.ts';
import { ltiError } from './errors.ts';
import { storageTargetOf, storeAndContinue } from './clientStorage.ts';

/** The nonce a login with this state must get back (hex, 32 chars). */
export function nonceFor(key: string, state: string): string {
  return createHmac('sha256', key).update(`nonce:${state}`).digest('hex').slice(0, 32);
}

const PARAMS = ['iss', 'login_hint', 'target_link_uri', 'lti_message_hint', 'client_id', 'lti_deployment_id'] as const;

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
        const state = target.searchParams.get('state');
        if (`${target.origin}${target.pathname}` !== authEndpoint || !state) {
          opts.log.error({ path: req.path }, 'ltijs tried to redirect a login outside the registered authorization endpoint');
          return next(ltiError('unknown_platform'));
        }
        const nonce = nonceFor(opts.key, state);
        target.searchParams.set('nonce', nonce);
        const storage = storageTarget ? { storageTarget, authOrigin: target.origin } : {};
        LoginAttempt.create({ state, params, ...storage })
          .then(() =>
            storageTarget
              ? storeAndContinue(res, { target: storageTarget, authUrl: target, state, nonce, key: opts.key })
              : redirect(302, target.toString()),
          )
          .catch((err: unknown) => next(err));
      }) as typeof res.redirect;
      next();
    } catch (err) {
      next(err);
    }
  };
}
