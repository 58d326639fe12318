/**
 * The launch, in front of ltijs: every id_token is checked completely and read-only by
 * launchValidator.ts before ltijs sees it (ltijs only runs on launches that will succeed), and the
 * validated launch is handed to ltijs's connect callback through `validatedLaunch(req)`. A launch
 * whose state cookie the browser dropped may find its state in the platform's storage frame
 * instead (clientStorage.ts).
 */
import type { Request, Response, NextFunction } from 'express';
import { acceptForLtijs, stateFromStorage } from './clientStorage.ts';
import { loginUrlParams, openState } from './login.ts';
import { validateLaunch, type ValidatedLaunch, type ValidatorDeps } from './launchValidator.ts';

const validated = new WeakMap<Request, ValidatedLaunch>();

/** The launch this request carried, once the validator accepted it. */
export function validatedLaunch(req: Request): ValidatedLaunch | undefined {
  return validated.get(req);
}

export function launchValidation(deps: ValidatorDeps & { publicUrl: string }) {
  return (req: Request, res: Response, next: NextFunction) => {
    const body = req.body as Record<string, unknown>;
    if (body.id_token === undefined && body.state === undefined) return next();
    // A launch is judged on its id_token alone: an ltik posted with it would make ltijs skip the
    // id_token (and its nonce) and reuse an older session.
    delete body.ltik;
    delete (req.query as Record<string, unknown>).ltik;
    delete req.headers.authorization;
    // The state carries the signed login (login.ts); ltijs's cookie is named after its own part.
    const login = openState(deps.nonceKey, body.state);
    const signed = req.signedCookies as Record<string, string | false | undefined>;
    const cookie = login ? signed[`state${login.inner}`] : undefined;
    const stateCookie =
      typeof cookie === 'string'
        ? Promise.resolve(cookie)
        : stateFromStorage(req, res, { key: deps.nonceKey, publicUrl: deps.publicUrl, login });
    stateCookie
      .then((found) => {
        if (found === 'relayed') return; // the page reading the storage frame answered
        return validateLaunch({ idToken: body.id_token, state: body.state, stateCookie: found }, deps).then((v) => {
          if (typeof cookie !== 'string' && login) acceptForLtijs(req, login.inner, v.claims.iss);
          validated.set(req, v);
          body.state = v.ltijsState; // what ltijs knows (its cookie and records)
          next();
        });
      })
      .catch((err: unknown) => {
        if ((err as { code?: string }).code === 'cookies_blocked' && login)
          res.locals.newWindowUrl = `${deps.publicUrl}/lti/login?${loginUrlParams(login)}`;
        next(err);
      });
  };
}
