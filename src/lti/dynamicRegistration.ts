/**
 * LTI Dynamic Registration (Canvas and Moodle 3.10+), done here rather than by ltijs because ltijs
 * hard-codes the scopes it asks for and forgets the deployment id the platform returns. We ask
 * only for scopes the platform offers, record what it granted (an admin may narrow them), store
 * the deployment id, register the platform in ltijs for its keys and tokens, and close the window.
 *
 * Security (see docs/security.md): the page answers only with a one-time invite an operator made
 * (`/lti/register/<token>`); without one it refuses before fetching anything. Every URL the
 * platform names is fetched through the guarded outbound client. A registration never replaces an
 * existing one (same issuer + client id): that is refused and only the operator CLI can change a
 * platform's endpoints. The invite is consumed atomically just before anything is written.
 */
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Logger } from '../logger.ts';
import { consumeInvite, createRegistration, findRegistration, findUsableInvite } from '../repositories/registrations.ts';
import { AppError } from '../errors.ts';
import { SCOPES } from './claims.ts';
import { assertEndpointAllowed, OutboundError, outboundFetch, outboundPolicy } from './http.ts';
import { CUSTOM_PARAMETERS, TOOL_DESCRIPTION, TOOL_NAME, WANTED_SCOPES, toolUrls } from './toolConfig.ts';
import { render } from '../presenters/views.ts';
import type { PlatformEndpoints } from './index.ts';

const webUrl = z
  .string()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');
const query = z.object({ openid_configuration: webUrl, registration_token: z.string().max(4096).optional() });

const platformConfig = z.object({
  issuer: webUrl,
  authorization_endpoint: webUrl,
  token_endpoint: webUrl,
  jwks_uri: webUrl,
  registration_endpoint: webUrl,
  scopes_supported: z.array(z.string()).optional(),
  'https://purl.imsglobal.org/spec/lti-platform-configuration': z
    .object({ product_family_code: z.string().optional(), version: z.string().optional() })
    .passthrough()
    .optional(),
});

const registrationResponse = z.object({
  client_id: z.string().min(1),
  scope: z.string().optional(),
  'https://purl.imsglobal.org/spec/lti-tool-configuration': z.object({ deployment_id: z.string().optional() }).passthrough().optional(),
});

const drError = (message: string, hint: string, status = 400) => new AppError('registration_failed', message, { status, hint });
const inviteError = () =>
  new AppError('registration_invite_required', 'This registration link is not valid: it is missing, already used or expired.', {
    status: 403,
    hint: 'Ask the Pathwise operator for a new registration link (npm run platform -- invite) and paste it into the LMS as the registration URL.',
  });

/** Fetches through the guarded client; a refused address or scheme becomes a clear 400/502. */
async function fetchPlatform(url: string, init: RequestInit): Promise<Response> {
  try {
    return await outboundFetch(url, init);
  } catch (err) {
    if (err instanceof OutboundError) {
      const refused = err.code === 'blocked_address' || err.code === 'blocked_scheme' || err.code === 'bad_url';
      throw drError(
        `Pathwise will not contact ${new URL(url).host || 'this address'}: ${err.message}.`,
        refused ? 'The LMS must be reachable at a public https:// address.' : 'Check that the LMS is reachable and try again.',
        refused ? 400 : 502,
      );
    }
    throw err;
  }
}

export function dynamicRegistrationRoute(deps: {
  publicUrl: string;
  log: Logger;
  register(p: PlatformEndpoints): Promise<void>;
  registered(): void;
  /** Whether ltijs already knows this platform (its keys must not be replaced either). */
  ltijsKnows(issuer: string, clientId: string): Promise<boolean>;
}): RequestHandler {
  const u = toolUrls(deps.publicUrl);
  return async (req, res, next) => {
    try {
      const invite = (req.params as { invite?: string }).invite ?? req.query.invite;
      const usable = await findUsableInvite(invite);
      if (!usable) throw inviteError();
      const q = query.safeParse(req.query);
      if (!q.success)
        throw drError(
          'This page starts a Dynamic Registration and needs an openid_configuration URL.',
          'Start the registration from the LMS (Canvas: Developer Keys > + LTI Registration; Moodle: Manage tools > tool URL).',
        );
      const auth: Record<string, string> = q.data.registration_token ? { Authorization: `Bearer ${q.data.registration_token}` } : {};
      const cfgRes = await fetchPlatform(q.data.openid_configuration, { headers: { ...auth, Accept: 'application/json' } });
      if (!cfgRes.ok)
        throw drError(
          `The LMS refused to share its configuration (HTTP ${cfgRes.status}).`,
          'The registration link may have expired: start the registration again from the LMS.',
          502,
        );
      const cfg = platformConfig.safeParse(await cfgRes.json());
      if (!cfg.success)
        throw drError(
          'The LMS configuration is incomplete.',
          `Missing or invalid: ${cfg.error.issues.map((i) => i.path.join('.')).join(', ')}`,
          502,
        );
      const family = cfg.data['https://purl.imsglobal.org/spec/lti-platform-configuration']?.product_family_code ?? 'unknown';
      const offered = cfg.data.scopes_supported;
      const scopes = offered ? WANTED_SCOPES.filter((s) => offered.includes(s)) : WANTED_SCOPES;

      const body = {
        application_type: 'web',
        response_types: ['id_token'],
        grant_types: ['implicit', 'client_credentials'],
        initiate_login_uri: u.login,
        redirect_uris: [u.launch],
        client_name: TOOL_NAME,
        jwks_uri: u.keys,
        token_endpoint_auth_method: 'private_key_jwt',
        scope: scopes.join(' '),
        'https://purl.imsglobal.org/spec/lti-tool-configuration': {
          domain: u.domain,
          description: TOOL_DESCRIPTION,
          target_link_uri: u.launch,
          claims: ['iss', 'sub', 'name', 'given_name', 'family_name'],
          custom_parameters: CUSTOM_PARAMETERS,
          messages: [
            {
              type: 'LtiDeepLinkingRequest',
              target_link_uri: u.launch,
              label: 'Pathwise practice',
              placements: ['link_selection', 'assignment_selection'],
            },
            {
              type: 'LtiResourceLinkRequest',
              target_link_uri: u.teacher,
              label: 'Pathwise (teacher view)',
              placements: ['course_navigation'],
            },
          ],
          'https://canvas.instructure.com/lti/privacy_level': 'name_only',
        },
      };
      for (const endpoint of [cfg.data.token_endpoint, cfg.data.jwks_uri, cfg.data.registration_endpoint]) {
        await assertEndpointAllowed(endpoint).catch((err: unknown) => {
          throw err instanceof OutboundError
            ? drError(
                `The LMS names an address Pathwise will not contact (${err.message}).`,
                'The LMS must be reachable at a public https:// address.',
              )
            : err;
        });
      }
      if (!/^https:/.test(cfg.data.authorization_endpoint) && !outboundPolicy().allowHttp)
        throw drError('The LMS sign-in address must use https.', 'Serve the LMS over https.');

      const regRes = await fetchPlatform(cfg.data.registration_endpoint, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
      });
      const regJson: unknown = await regRes.json().catch(() => ({}));
      if (!regRes.ok)
        throw drError(
          `The LMS refused the registration (HTTP ${regRes.status}).`,
          `The LMS said: ${JSON.stringify(regJson).slice(0, 300)}`,
          502,
        );
      const reg = registrationResponse.safeParse(regJson);
      if (!reg.success)
        throw drError(
          'The LMS answered the registration without a client id.',
          'Check the LMS logs; the registration may need to be started again.',
          502,
        );
      const granted = (reg.data.scope ?? scopes.join(' ')).split(/\s+/).filter(Boolean);
      const deploymentId = reg.data['https://purl.imsglobal.org/spec/lti-tool-configuration']?.deployment_id;

      const p = {
        issuer: cfg.data.issuer,
        clientId: reg.data.client_id,
        name: `${family} ${new URL(cfg.data.issuer).host}`,
        authEndpoint: cfg.data.authorization_endpoint,
        tokenEndpoint: cfg.data.token_endpoint,
        jwksUrl: cfg.data.jwks_uri,
      };
      if ((await findRegistration(p.issuer, p.clientId)) || (await deps.ltijsKnows(p.issuer, p.clientId))) {
        deps.log.warn({ issuer: p.issuer, clientId: p.clientId }, 'refused a registration that would replace an existing platform');
        throw new AppError(
          'registration_exists',
          'This LMS (issuer and client ID) is already registered with Pathwise; a registration never replaces an existing one.',
          {
            status: 409,
            hint: 'If its addresses or keys changed, the Pathwise operator updates them with: npm run platform -- update --issuer ... --client-id ...',
          },
        );
      }
      if (!(await consumeInvite(String(invite), `${p.issuer} ${p.clientId}`))) throw inviteError();
      await createRegistration({ ...p, productFamily: family, scopesGranted: granted, deploymentIds: deploymentId ? [deploymentId] : [] });
      await deps.register(p);
      deps.registered();
      const narrowed = WANTED_SCOPES.filter((s) => !granted.includes(s));
      deps.log.info(
        { issuer: p.issuer, clientId: p.clientId, deploymentId, family, narrowed, invite: usable.label },
        'registered through Dynamic Registration',
      );
      render(res.status(200), 'lti/registered', {
        platform: p.name,
        clientId: p.clientId,
        deploymentId: deploymentId ?? '',
        noGrades: !granted.includes(SCOPES.score),
        narrowed,
      });
    } catch (err) {
      next(err);
    }
  };
}
