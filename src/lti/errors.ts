/**
 * Every way a launch can fail, with the words a teacher or an LMS administrator needs. ltijs
 * signals failures as plain Errors with SCREAMING_CASE messages; `fromLtijs` turns those into
 * the same typed errors our own validator raises.
 */
import { LtiError } from '../errors.ts';

type Spec = { status: number; message: string; hint: string };

export const LTI_ERRORS = {
  unknown_platform: {
    status: 400,
    message: 'This LMS is not registered with Pathwise.',
    hint: 'An LMS administrator should register Pathwise (Dynamic Registration or the manual configuration) and check that the issuer and client ID match.',
  },
  unknown_deployment: {
    status: 403,
    message: 'This installation of Pathwise (deployment) is not known.',
    hint: 'An administrator should add this deployment ID to the Pathwise registration, or enable accepting new deployments for it.',
  },
  bad_signature: {
    status: 401,
    message: 'The launch was not signed by the registered LMS.',
    hint: "Check the LMS's public key (JWKS) URL in the Pathwise registration; the LMS may have rotated its keys.",
  },
  expired_token: {
    status: 401,
    message: 'The launch took too long to arrive and has expired.',
    hint: 'Launch again from the course page. If this keeps happening, check that the clocks of the LMS and the Pathwise server are right.',
  },
  replayed_nonce: {
    status: 401,
    message: 'This launch was already used.',
    hint: 'Launch again from the course page; a launch link works only once (do not reload or go back to it).',
  },
  wrong_audience: {
    status: 401,
    message: 'The launch was meant for another tool.',
    hint: "Check that the client ID in the LMS's tool settings matches the Pathwise registration.",
  },
  missing_claims: {
    status: 400,
    message: 'The launch is missing information Pathwise needs.',
    hint: 'Check that Pathwise is placed in a course and that the LMS sends the standard LTI 1.3 claims.',
  },
  state_mismatch: {
    status: 400,
    message: 'The launch does not match a sign-in started by Pathwise.',
    hint: 'Launch again from the course page. If it repeats, a proxy or browser extension may be changing requests.',
  },
  cookies_blocked: {
    status: 400,
    message: 'Your browser blocked the cookie Pathwise needs to finish signing you in inside the course page.',
    hint: 'Open Pathwise in a new window, or allow cookies for this site in your browser settings.',
  },
  invalid_token: {
    status: 400,
    message: 'The launch message could not be read.',
    hint: 'Launch again from the course page. An administrator can check that the LMS sends a signed LTI 1.3 id_token.',
  },
  bad_login: {
    status: 400,
    message: 'The sign-in request from the LMS is incomplete.',
    hint: 'An administrator should check the OIDC login URL configured for Pathwise in the LMS.',
  },
  inactive_platform: {
    status: 403,
    message: 'This LMS registration is not active.',
    hint: 'An administrator should activate the registration in Pathwise.',
  },
  observer_not_supported: {
    status: 403,
    message: 'Observers and mentors cannot open Pathwise.',
    hint: 'Pathwise shows a student their own practice and a teacher their class; ask the teacher for a progress report.',
  },
  launch_not_form: {
    status: 415,
    message: 'A launch must be sent as an HTML form (application/x-www-form-urlencoded).',
    hint: 'Launch again from the course page; an LMS always posts launches as forms.',
  },
  session_ended: { status: 401, message: 'This Pathwise session was ended.', hint: 'Open the activity again from the course page.' },
  deeplink_used: {
    status: 409,
    message: 'These activities were already added (or the page has expired).',
    hint: 'Start again from the LMS: add a Pathwise activity once more.',
  },
  session_expired: {
    status: 401,
    message: 'Your Pathwise session has expired or is not valid.',
    hint: 'Open the activity again from the course page.',
  },
} satisfies Record<string, Spec>;

export type LtiErrorCode = keyof typeof LTI_ERRORS;

export function ltiError(code: LtiErrorCode, detail?: string): LtiError {
  const s: Spec = LTI_ERRORS[code];
  return new LtiError(code, detail ? `${s.message} (${detail})` : s.message, s.hint, s.status);
}

const LTIJS_MAP: Array<[RegExp, LtiErrorCode]> = [
  [/UNREGISTERED_PLATFORM|PLATFORM_NOT_FOUND/, 'unknown_platform'],
  [/PLATFORM_NOT_ACTIVATED/, 'inactive_platform'],
  [/INVALID_SIGNATURE|KEY_NOT_FOUND|KID_NOT_FOUND|KEYSET_NOT_FOUND|invalid signature/i, 'bad_signature'],
  [/TOKEN_TOO_OLD|jwt expired|IAT_IN_THE_FUTURE/i, 'expired_token'],
  [/NONCE_ALREADY_RECEIVED/, 'replayed_nonce'],
  [/AUD|AZP/, 'wrong_audience'],
  [/MISSING_VALIDATION_COOKIE/, 'cookies_blocked'],
  [/ISS_CLAIM_DOES_NOT_MATCH/, 'state_mismatch'],
  [/^NO_|WRONG_LTI_VERSION/, 'missing_claims'],
  [/Session not found|IDTOKEN_NOT_FOUND|CONTEXTTOKEN_NOT_FOUND/, 'session_expired'],
  [/MISSING_LOGIN_PARAMETERS/, 'bad_login'],
];

/** Maps an ltijs error message (e.g. "NONCE_ALREADY_RECEIVED") to our typed error. */
export function fromLtijs(message: string | undefined): LtiError {
  const m = message ?? '';
  for (const [re, code] of LTIJS_MAP) if (re.test(m)) return ltiError(code);
  return ltiError('invalid_token');
}
