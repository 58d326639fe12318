/**
 * LTI Dynamic Registration, platform side. The admin flow starts with `beginRegistration`
 * (or the /admin/register page), which mints a one-time registration token (1 h).
 * - openid-configuration GET: a Bearer registration token is accepted and checked when sent
 *   (required only with `settings.requireConfigToken`: ltijs 5.9.9 does not send it);
 * - registration POST (application/json, Bearer token required, consumed on success): strict
 *   validation of the client metadata and the lti-tool-configuration block; the answer carries the
 *   client_id, the granted `scope` (the admin may narrow it) and the `deployment_id`.
 */
import { randomBytes } from 'node:crypto';
import type { Request, Router } from 'express';
import { z } from 'zod';
import { rejectNulls, zodMessage } from './agsScores.ts';
import { SandboxError, type SandboxContext } from './context.ts';
import { ALL_SCOPES } from './flavours.ts';
import { createRegistration } from './registry.ts';
import { api, requireUserAgent } from './token.ts';
import type { Flavour } from './types.ts';

const TOOL_CONFIG = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
const PLATFORM_CONFIG = 'https://purl.imsglobal.org/spec/lti-platform-configuration';

const toolConfigSchema = z
  .object({
    domain: z.string().min(1),
    target_link_uri: z.string().url(),
    custom_parameters: z.record(z.string()).optional(),
    claims: z.array(z.string()).optional(),
    description: z.string().optional(),
    messages: z
      .array(
        z
          .object({
            type: z.enum(['LtiResourceLinkRequest', 'LtiDeepLinkingRequest']),
            target_link_uri: z.string().url().optional(),
            label: z.string().optional(),
            placements: z.array(z.string()).optional(),
          })
          .passthrough(),
      )
      .optional(),
  })
  .passthrough();

const clientMetadataSchema = z
  .object({
    application_type: z.literal('web'),
    response_types: z.array(z.string()).refine((a) => a.length === 1 && a[0] === 'id_token', 'must be ["id_token"]'),
    grant_types: z
      .array(z.string())
      .refine((a) => a.includes('implicit') && a.includes('client_credentials'), 'must include implicit and client_credentials'),
    initiate_login_uri: z.string().url(),
    redirect_uris: z.array(z.string().url()).min(1),
    client_name: z.string().min(1),
    jwks_uri: z.string().url(),
    logo_uri: z.string().url().optional(),
    token_endpoint_auth_method: z.literal('private_key_jwt'),
    scope: z.string(),
    [TOOL_CONFIG]: toolConfigSchema,
  })
  .passthrough();

function bearer(req: Request): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  return m?.[1];
}

function checkRegistrationToken(ctx: SandboxContext, flavour: Flavour, token: string): void {
  const t = ctx.registrationTokens.get(token);
  if (!t || t.flavour !== flavour || t.expMs < ctx.now()) {
    throw new SandboxError(
      401,
      'invalid_token',
      'The registration token is unknown, already used or expired (they are valid once, for one hour).',
    );
  }
}

function configuration(ctx: SandboxContext, flavour: Flavour): Record<string, unknown> {
  const u = ctx.urls[flavour];
  const canvas = flavour === 'canvas';
  return {
    issuer: u.issuer,
    authorization_endpoint: u.authorizationEndpoint,
    registration_endpoint: u.registrationEndpoint,
    jwks_uri: u.jwksUri,
    token_endpoint: u.tokenEndpoint,
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', ...ALL_SCOPES],
    response_types_supported: ['id_token'],
    id_token_signing_alg_values_supported: ['RS256'],
    subject_types_supported: ['public', 'pairwise'],
    claims_supported: ['sub', 'iss', 'name', 'given_name', 'family_name', 'email', 'locale'],
    [PLATFORM_CONFIG]: {
      product_family_code: u.productFamilyCode,
      version: canvas ? 'cloud' : '4.5',
      messages_supported: [
        { type: 'LtiResourceLinkRequest', ...(canvas ? { placements: ['course_navigation', 'assignment_edit'] } : {}) },
        { type: 'LtiDeepLinkingRequest', ...(canvas ? { placements: ['assignment_selection', 'link_selection'] } : {}) },
      ],
      variables: canvas
        ? [
            '$Canvas.user.id',
            '$Canvas.user.loginId',
            '$Canvas.course.id',
            '$Canvas.course.name',
            '$Canvas.api.domain',
            '$Person.name.full',
            '$Person.email.primary',
            '$Context.id',
            '$ResourceLink.id',
          ]
        : [
            '$User.id',
            '$User.username',
            '$Person.name.full',
            '$Person.name.given',
            '$Person.name.family',
            '$Person.email.primary',
            '$Context.id',
            '$Context.title',
            '$ResourceLink.id',
            '$ResourceLink.title',
          ],
      ...(canvas ? { 'https://canvas.instructure.com/lti/account_name': 'Sandbox account' } : {}),
    },
  };
}

function register(ctx: SandboxContext, flavour: Flavour, req: Request): Record<string, unknown> {
  const token = bearer(req);
  if (!token) throw new SandboxError(401, 'invalid_token', 'Authorization: Bearer <registration token> is required.');
  checkRegistrationToken(ctx, flavour, token);
  if (!req.is('application/json')) throw new SandboxError(415, 'unsupported_media_type', 'The registration must be application/json.');
  try {
    rejectNulls(req.body);
  } catch (err) {
    throw new SandboxError(400, 'invalid_client_metadata', (err as Error).message);
  }
  const parsed = clientMetadataSchema.safeParse(req.body);
  if (!parsed.success) throw new SandboxError(400, 'invalid_client_metadata', zodMessage(parsed.error));
  const meta = parsed.data;
  const tool = meta[TOOL_CONFIG];
  const target = new URL(tool.target_link_uri);
  if (target.host !== tool.domain && target.hostname !== tool.domain) {
    throw new SandboxError(
      400,
      'invalid_client_metadata',
      `target_link_uri ${tool.target_link_uri} is not on the declared domain ${tool.domain}.`,
    );
  }
  const requested = meta.scope.split(/\s+/).filter(Boolean);
  const reg = createRegistration(
    ctx,
    flavour,
    {
      clientName: meta.client_name,
      jwksUri: meta.jwks_uri,
      initiateLoginUri: meta.initiate_login_uri,
      redirectUris: meta.redirect_uris,
      targetLinkUri: tool.target_link_uri,
      scopes: requested,
      customParameters: tool.custom_parameters ?? {},
      messages: tool.messages ?? [{ type: 'LtiResourceLinkRequest' }],
      claims: tool.claims ?? [],
      domain: tool.domain,
    },
    'dynamic',
  );
  ctx.registrationTokens.delete(token);
  return {
    ...meta,
    client_id: reg.clientId,
    scope: reg.scopes.join(' '),
    [TOOL_CONFIG]: { ...tool, deployment_id: reg.deploymentIds[0] },
  };
}

/** Mounts both flavours' openid-configuration and registration endpoints. */
export function mountDynReg(ctx: SandboxContext, router: Router): void {
  for (const flavour of ['canvas', 'moodle'] as const) {
    const u = ctx.urls[flavour];
    router.get(
      new URL(u.openidConfigurationUrl).pathname,
      api((req, res) => {
        const token = bearer(req);
        if (token) checkRegistrationToken(ctx, flavour, token);
        else if (ctx.settings.requireConfigToken)
          throw new SandboxError(401, 'invalid_token', 'Authorization: Bearer <registration token> is required.');
        res.json(configuration(ctx, flavour));
      }),
    );
    router.post(
      new URL(u.registrationEndpoint).pathname,
      api((req, res) => {
        requireUserAgent(ctx, req);
        res.status(200).json(register(ctx, flavour, req));
      }),
    );
  }
}

/** Starts a registration as an admin would: a one-time token (1 h) and the URL the browser opens. */
export function beginRegistration(
  ctx: SandboxContext,
  flavour: Flavour,
  toolRegistrationUrl: string,
): { url: string; openidConfiguration: string; registrationToken: string } {
  const registrationToken = randomBytes(24).toString('base64url');
  ctx.registrationTokens.set(registrationToken, { flavour, expMs: ctx.now() + 3600_000 });
  const openidConfiguration = ctx.urls[flavour].openidConfigurationUrl;
  const url = new URL(toolRegistrationUrl);
  url.searchParams.set('openid_configuration', openidConfiguration);
  url.searchParams.set('registration_token', registrationToken);
  return { url: url.toString(), openidConfiguration, registrationToken };
}
