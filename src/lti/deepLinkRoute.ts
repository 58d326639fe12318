/**
 * The Deep Linking answer (LTI Deep Linking 2.0): the teacher's choice becomes a signed
 * `LtiDeepLinkingResponse` that the browser posts back to the LMS. ltijs's session validator (the
 * `ltik`) runs before this route and loads the request's token; the JWT is signed here with the
 * tool's current signing key (toolKeys.ts), so key rotation covers Deep Linking too.
 *
 * Answerable once, and only shortly after the teacher opened the picker.
 */
import { randomBytes } from 'node:crypto';
import type { Request, Response, NextFunction } from 'express';
import jwt from 'jsonwebtoken';
import { useOnce } from '../repositories/usedTokens.ts';
import { AppError, ForbiddenError } from '../errors.ts';
import { render } from '../presenters/views.ts';
import { CLAIM, toRole } from './claims.ts';
import { ltiError } from './errors.ts';
import type { Signer } from './toolKeys.ts';
import type { ContentItem } from './index.ts';

/** How long the Deep Linking page may be answered after the teacher opened it. */
export const DEEP_LINK_MAX_AGE_SECONDS = 600;
/** The signed answer is posted by the browser at once; it need not live long. */
const RESPONSE_TTL_SECONDS = 120;

export interface DeepLinkToken {
  iss?: string;
  clientId?: string;
  deploymentId?: string;
  platformContext?: {
    messageType?: string;
    roles?: string[];
    deepLinkingSettings?: {
      accept_types?: string[];
      accept_lineitem?: boolean | string;
      accept_multiple?: boolean | string;
      deep_link_return_url?: string;
      data?: string;
    };
  };
}

/** The signed LtiDeepLinkingResponse for these items. */
export function deepLinkingResponse(token: DeepLinkToken, items: ContentItem[], message: string, signer: Signer): string {
  if (!token.iss || !token.clientId || !token.deploymentId) throw ltiError('session_expired');
  const data = token.platformContext?.deepLinkingSettings?.data;
  const claims: Record<string, unknown> = {
    iss: token.clientId,
    aud: token.iss,
    nonce: randomBytes(16).toString('base64url'),
    [CLAIM.deploymentId]: token.deploymentId,
    [CLAIM.messageType]: 'LtiDeepLinkingResponse',
    [CLAIM.version]: '1.3.0',
    'https://purl.imsglobal.org/spec/lti-dl/claim/content_items': items,
    'https://purl.imsglobal.org/spec/lti-dl/claim/msg': message,
    ...(data !== undefined ? { 'https://purl.imsglobal.org/spec/lti-dl/claim/data': data } : {}),
  };
  return jwt.sign(claims, signer.key, { algorithm: 'RS256', expiresIn: RESPONSE_TTL_SECONDS, keyid: signer.kid });
}

const yes = (v: boolean | string | undefined) => v === true || v === 'true';

export function deepLinkRoute(deps: { onDeepLinkSubmit(body: unknown): Promise<ContentItem[]>; signingKey(): Promise<Signer> }) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const token = res.locals.token as DeepLinkToken | undefined;
      const settings = token?.platformContext?.deepLinkingSettings;
      if (!token || token.platformContext?.messageType !== 'LtiDeepLinkingRequest' || !settings) throw ltiError('session_expired');
      if (toRole(token.platformContext.roles ?? []) === 'learner') throw new ForbiddenError('Only teachers can add Pathwise activities.');
      const ltik = (req.body as { ltik?: unknown }).ltik;
      const iat = typeof ltik === 'string' ? (jwt.decode(ltik) as { iat?: number } | null)?.iat : undefined;
      if (typeof ltik !== 'string' || typeof iat !== 'number' || Date.now() / 1000 - iat > DEEP_LINK_MAX_AGE_SECONDS)
        throw ltiError('deeplink_used');
      let items = await deps.onDeepLinkSubmit(req.body);
      if (items.length > 1 && !yes(settings.accept_multiple)) {
        throw new AppError('dl_single', 'This place in the LMS accepts only one activity at a time.', {
          status: 400,
          hint: 'Untick “one activity per skill” to add a single activity with all the chosen skills.',
        });
      }
      if (settings.accept_lineitem === false || settings.accept_lineitem === 'false')
        items = items.map(({ lineItem: _omit, ...rest }) => rest);
      if (!(settings.accept_types ?? []).includes('ltiResourceLink'))
        throw new AppError('dl_unsupported', 'This place in the LMS does not accept activity links.', {
          status: 400,
          hint: 'Add Pathwise from an assignment or a module instead.',
        });
      if (!settings.deep_link_return_url) throw ltiError('missing_claims', 'deep_link_return_url');
      const message = `Added ${items.length} Pathwise activit${items.length === 1 ? 'y' : 'ies'}.`;
      const signed = deepLinkingResponse(token, items, message, await deps.signingKey());
      if (!(await useOnce(`deeplink:${ltik}`, DEEP_LINK_MAX_AGE_SECONDS))) throw ltiError('deeplink_used');
      render(res, 'lti/deeplinkReturn', { returnUrl: settings.deep_link_return_url, jwt: signed, message });
    } catch (err) {
      next(err);
    }
  };
}
