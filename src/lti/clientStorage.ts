/**
 * Cookieless launches: the LTI client-side postMessage storage (the platform's `lti_storage_target`
 * frame keeps the login's state and nonce for the tool), for browsers that block every
 * third-party cookie, partitioned ones included.
 *
 * 1. Login. When the platform announces `lti_storage_target` and the login runs in a frame, the
 *    login answers with a small page (instead of a bare redirect) that stores `state_<ltijs state>`
 *    (the short random part of the state: a platform limits key sizes) and `nonce_<nonce>` in the platform's storage frame (`lti.put_data`), then goes on to the
 *    platform's authorization endpoint. The state cookie is still set: where it survives, the
 *    launch works as before. The signed state (login.ts) names the storage frame and origin.
 * 2. Launch without the state cookie, for a login that stored its state: the launch answers with a
 *    page that reads both keys back from the same storage frame (`lti.get_data`, answered only by
 *    the platform origin) and posts the launch again with what it read.
 * 3. That second post is accepted only when the values read back are the ones this login stored:
 *    the state's value is an HMAC of the state (it never travels in a URL), the nonce's value is
 *    the nonce bound to the state (login.ts). It then stands in for the state cookie; everything
 *    else is checked as for any launch (launchValidator.ts), which records the state as used, so
 *    the state and nonce still work once.
 * When the storage frame does not answer, the page offers the new-window fallback.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import jwt from 'jsonwebtoken';
import { render } from '../presenters/views.ts';
import { loginUrlParams, nonceFor, type LoginState } from './login.ts';

/** A frame name as platforms send it (`_parent`, Canvas's `post_message_forwarding`). */
const TARGET = /^[A-Za-z0-9_.-]{1,64}$/;

/** The form fields the launch page posts back with what it read from the platform's storage. */
const STATE_FIELD = 'lti_storage_state';
const NONCE_FIELD = 'lti_storage_nonce';

/** The value stored under `state_<state>`: only this login's page ever sees it. */
export function stateValue(key: string, state: string): string {
  return createHmac('sha256', key).update(`storage:${state}`).digest('hex').slice(0, 32);
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The storage target to use for this login, or undefined: the platform must have announced a
 * well-formed one and the login must run in a frame (a new window has no storage frame beside it).
 */
export function storageTargetOf(req: Request, announced: unknown): string | undefined {
  if (typeof announced !== 'string' || !TARGET.test(announced)) return undefined;
  return req.get('sec-fetch-dest') === 'iframe' ? announced : undefined;
}

/** Answers the login with the page that stores the state and nonce, then goes on to `authUrl`. */
export function storeAndContinue(
  res: Response,
  p: { target: string; authUrl: URL; state: string; inner: string; nonce: string; key: string },
): void {
  res.set('Cache-Control', 'no-store');
  render(res, 'lti/storage', {
    mode: 'put',
    target: p.target,
    origin: p.authUrl.origin,
    entries: JSON.stringify([
      { key: `state_${p.inner}`, value: stateValue(p.key, p.state) },
      { key: `nonce_${p.nonce}`, value: p.nonce },
    ]),
    continueUrl: p.authUrl.toString(),
    fields: [],
    newWindowUrl: undefined,
  });
}

type Body = Record<string, unknown>;

/**
 * For a launch that arrived without its state cookie. Returns 'relayed' when it answered with the
 * page that reads the storage; otherwise the platform issuer to use in place of the state cookie
 * when the body carries this login's stored values, or undefined (the launch goes on without).
 */
export async function stateFromStorage(
  req: Request,
  res: Response,
  o: { key: string; publicUrl: string; login: LoginState | null },
): Promise<'relayed' | string | undefined> {
  const body = req.body as Body;
  const state = body.state;
  const read = { state: body[STATE_FIELD], nonce: body[NONCE_FIELD] };
  delete body[STATE_FIELD];
  delete body[NONCE_FIELD];
  if (typeof state !== 'string' || !state || typeof body.id_token !== 'string') return undefined;
  const storage = o.login?.storage;
  if (!o.login || !storage) return undefined;
  const params = o.login.params;

  if (read.state === undefined && read.nonce === undefined) {
    const nonce = (jwt.decode(body.id_token) as { nonce?: unknown } | null)?.nonce;
    if (typeof nonce !== 'string' || !params.iss) return undefined;
    res.set('Cache-Control', 'no-store');
    render(res, 'lti/storage', {
      mode: 'get',
      target: storage.target,
      origin: storage.origin,
      entries: JSON.stringify([
        { key: `state_${o.login.inner}`, field: STATE_FIELD },
        { key: `nonce_${nonce}`, field: NONCE_FIELD },
      ]),
      continueUrl: `${o.publicUrl}/lti/launch`,
      fields: [
        ['id_token', body.id_token],
        ['state', state],
      ],
      newWindowUrl: `${o.publicUrl}/lti/login?${loginUrlParams(o.login)}`,
    });
    return 'relayed';
  }
  if (typeof read.state !== 'string' || typeof read.nonce !== 'string') return undefined;
  if (!sameText(read.state, stateValue(o.key, state)) || !sameText(read.nonce, nonceFor(o.key, state))) return undefined;
  return params.iss;
}

/** After a launch validated through the storage: ltijs checks the state cookie too, so give it the value. */
export function acceptForLtijs(req: Request, state: string, issuer: string): void {
  (req.signedCookies as Record<string, string>)[`state${state}`] = issuer;
}
