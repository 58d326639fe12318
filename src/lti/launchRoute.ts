/**
 * The launch, in front of ltijs: every id_token is checked completely and read-only by
 * launchValidator.ts before ltijs sees it (ltijs only runs on launches that will succeed), and the
 * validated launch is handed to ltijs's connect callback through `validatedLaunch(req)`.
 */
import type { Request, Response, NextFunction } from 'express';
import { LoginAttempt } from '../repositories/models/LoginAttempt.ts';
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
    const state = typeof body.state === 'string' ? body.state : '';
    const signed = req.signedCookies as Record<string, string | false | undefined>;
    const cookie = signed[`state${state}`];
    validateLaunch({ idToken: body.id_token, state: body.state, stateCookie: typeof cookie === 'string' ? cookie : undefined }, deps)
      .then((v) => {
        validated.set(req, v);
        next();
      })
      .catch(async (err: unknown) => {
        if ((err as { code?: string }).code === 'cookies_blocked') {
          const attempt = await LoginAttempt.findOne({ state }).lean();
          const params = attempt?.params ? Object.fromEntries(Object.entries(attempt.params as Record<string, string>)) : undefined;
          res.locals.newWindowUrl = params ? `${deps.publicUrl}/lti/login?${new URLSearchParams(params)}` : undefined;
        }
        next(err);
      });
  };
}
