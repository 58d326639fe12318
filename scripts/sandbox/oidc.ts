/**
 * OIDC third-party-initiated login, platform side.
 * 1. `GET /launch?course=&user=[&link=][&type=dl][&client_id=][&deployment_id=]` (what a course
 *    page button opens) sends the login initiation to the tool: an auto-submitting form POST on
 *    canvas, a 302 GET on moodle; with `lti_storage_target` when the flavour's setting names one
 *    (canvas: `post_message_forwarding`, the course page's storage frame, as Canvas does).
 * 2. The auth endpoint accepts only requests that carry exactly the OIDC parameters LTI requires and
 *    a `lti_message_hint` the sandbox signed (5 minutes) whose login_hint/client/deployment match;
 *    an unknown client or an unregistered redirect_uri never redirects anywhere (400 page).
 * 3. It answers with an auto-submitting form POST of `id_token` (+ `state`) to the redirect_uri.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { buildLaunchClaims, targetLinkUri } from './claims.ts';
import { defaultRegistration, findRegistration, param, SandboxError, sendPageError, type SandboxContext } from './context.ts';
import { signWithPlatformKey } from './keys.ts';
import type { Flavour, MessageType, ToolRegistration } from './types.ts';

const launchQuery = z.object({
  course: z.string().min(1),
  user: z.string().min(1),
  link: z.string().min(1).optional(),
  type: z.enum(['resource', 'dl']).optional(),
  client_id: z.string().min(1).optional(),
  deployment_id: z.string().min(1).optional(),
});

/** The login_hint a flavour sends: Canvas an opaque user id, Moodle the user id. */
function loginHintFor(flavour: Flavour, user: { id: string; sub: string }): string {
  return flavour === 'canvas' ? user.sub : user.id;
}

function pickRegistration(
  ctx: SandboxContext,
  flavour: Flavour,
  clientId: string | undefined,
  linkClientId: string | undefined,
): ToolRegistration {
  const wanted = clientId ?? linkClientId;
  const reg = wanted ? findRegistration(ctx, flavour, wanted) : defaultRegistration(ctx, flavour);
  if (!reg) {
    throw new SandboxError(
      409,
      'no_tool',
      wanted
        ? `No ${flavour} tool registration with client_id ${wanted}.`
        : `No tool is registered with the ${flavour} flavour yet: register one first (home page > Register a tool).`,
    );
  }
  return reg;
}

/** Handles the course-page launch button: builds and sends the login initiation. */
function startLaunch(ctx: SandboxContext, req: Request, res: Response): void {
  const q = launchQuery.safeParse(req.query);
  if (!q.success)
    throw new SandboxError(
      400,
      'invalid_request',
      `Bad launch parameters: ${q.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  const { course: courseId, user: userId, link: linkId, type } = q.data;
  const course = ctx.store.course(courseId);
  if (!course) throw new SandboxError(404, 'not_found', `No course ${courseId}.`);
  const user = ctx.store.member(courseId, userId);
  if (!user) throw new SandboxError(404, 'not_found', `User ${userId} is not enrolled in course ${courseId}.`);
  const messageType: MessageType = type === 'dl' ? 'LtiDeepLinkingRequest' : 'LtiResourceLinkRequest';
  const link = linkId ? ctx.store.state.resourceLinks.find((l) => l.id === linkId && l.courseId === courseId) : undefined;
  if (linkId && !link) throw new SandboxError(404, 'not_found', `No resource link ${linkId} in course ${courseId}.`);
  if (messageType === 'LtiResourceLinkRequest' && !link)
    throw new SandboxError(400, 'invalid_request', 'A resource link launch needs link=<resource link id>.');
  if (messageType === 'LtiDeepLinkingRequest' && user.role !== 'teacher')
    throw new SandboxError(403, 'forbidden', 'Only teachers can add activities.');
  const reg = pickRegistration(ctx, course.flavour, q.data.client_id, link?.clientId);
  const deploymentId = q.data.deployment_id ?? reg.deploymentIds[0];
  if (!deploymentId || !reg.deploymentIds.includes(deploymentId))
    throw new SandboxError(400, 'invalid_request', `Deployment ${String(deploymentId)} does not belong to client ${reg.clientId}.`);
  const loginHint = loginHintFor(course.flavour, user);
  const messageHint = ctx.hints.sign(
    {
      kind: 'launch',
      flavour: course.flavour,
      courseId,
      userId,
      loginHint,
      messageType,
      clientId: reg.clientId,
      deploymentId,
      ...(link ? { resourceLinkId: link.id } : {}),
    },
    300,
  );
  const fields: Record<string, string> = {
    iss: ctx.urls[course.flavour].issuer,
    login_hint: loginHint,
    target_link_uri: targetLinkUri({ reg, link, messageType }),
    lti_message_hint: messageHint,
    client_id: reg.clientId,
    lti_deployment_id: deploymentId,
  };
  ctx.logger.info({ flavour: course.flavour, courseId, userId, clientId: reg.clientId, messageType }, 'login initiation');
  const storageTarget = ctx.settings.storageTarget[course.flavour];
  if (storageTarget) fields.lti_storage_target = storageTarget;
  if (course.flavour === 'canvas') {
    fields.canvas_environment = 'prod';
    res.render('autopost', { title: 'Launching tool', action: reg.initiateLoginUri, fields: Object.entries(fields) });
    return;
  }
  const target = new URL(reg.initiateLoginUri);
  for (const [k, v] of Object.entries(fields)) target.searchParams.set(k, v);
  res.redirect(302, target.toString());
}

function requireParam(req: Request, name: string): string {
  const v = param(req, name);
  if (!v) throw new SandboxError(400, 'invalid_request', `The authentication request has no ${name}.`);
  return v;
}

/** Handles the OIDC authentication request of one flavour and posts the id_token back. */
function authorize(ctx: SandboxContext, flavour: Flavour, req: Request, res: Response): void {
  const clientId = requireParam(req, 'client_id');
  const reg = findRegistration(ctx, flavour, clientId);
  if (!reg) throw new SandboxError(400, 'unauthorized_client', `client_id ${clientId} is not registered on this ${flavour} platform.`);
  const redirectUri = requireParam(req, 'redirect_uri');
  if (!reg.redirectUris.includes(redirectUri))
    throw new SandboxError(
      400,
      'invalid_request',
      `redirect_uri ${redirectUri} is not one of the registered redirect URIs of client ${clientId}.`,
    );
  const scopes = requireParam(req, 'scope').split(' ');
  if (!scopes.includes('openid')) throw new SandboxError(400, 'invalid_scope', 'scope must include openid.');
  if (requireParam(req, 'response_type') !== 'id_token')
    throw new SandboxError(400, 'unsupported_response_type', 'response_type must be id_token.');
  if (requireParam(req, 'response_mode') !== 'form_post')
    throw new SandboxError(400, 'invalid_request', 'response_mode must be form_post.');
  if (requireParam(req, 'prompt') !== 'none') throw new SandboxError(400, 'invalid_request', 'prompt must be none.');
  const nonce = requireParam(req, 'nonce');
  const loginHint = requireParam(req, 'login_hint');
  const messageHintToken = requireParam(req, 'lti_message_hint');
  let hint;
  try {
    hint = ctx.hints.launch(messageHintToken);
  } catch (err) {
    throw new SandboxError(
      400,
      'invalid_request',
      `lti_message_hint was not issued by this platform or has expired (${(err as Error).message}).`,
    );
  }
  if (hint.flavour !== flavour) throw new SandboxError(400, 'invalid_request', 'lti_message_hint belongs to another platform.');
  if (hint.loginHint !== loginHint)
    throw new SandboxError(400, 'login_required', 'login_hint does not match the user who started the launch.');
  if (hint.clientId !== clientId) throw new SandboxError(400, 'invalid_request', 'client_id does not match the launch that was started.');
  const deployment = param(req, 'lti_deployment_id');
  if (deployment !== undefined && deployment !== hint.deploymentId)
    throw new SandboxError(400, 'invalid_request', 'lti_deployment_id does not match the launch that was started.');
  const course = ctx.store.course(hint.courseId);
  const user = ctx.store.member(hint.courseId, hint.userId);
  if (!course || !user) throw new SandboxError(400, 'invalid_request', 'The user or course of this launch no longer exists.');
  const link = hint.resourceLinkId ? ctx.store.state.resourceLinks.find((l) => l.id === hint.resourceLinkId) : undefined;
  const claims = buildLaunchClaims(ctx, {
    flavour,
    course,
    user,
    reg,
    deploymentId: hint.deploymentId,
    link,
    messageType: hint.messageType,
    nonce,
  });
  const idToken = signIdTokenWithTamper(ctx, flavour, claims);
  const fields: [string, string][] = [['id_token', idToken]];
  const state = param(req, 'state');
  if (state !== undefined) fields.push(['state', state]);
  ctx.logger.info({ flavour, clientId, courseId: course.id, userId: user.id, messageType: hint.messageType }, 'id_token issued');
  res.render('autopost', { title: 'Returning to the tool', action: redirectUri, fields });
}

function signIdTokenWithTamper(ctx: SandboxContext, flavour: Flavour, claims: Record<string, unknown>): string {
  const hook = ctx.tamper.nextIdToken;
  if (!hook) return signWithPlatformKey(ctx.store.state.keys[flavour], claims);
  ctx.tamper.nextIdToken = undefined;
  const change = hook({ ...claims }) ?? {};
  let out = change.claims ?? claims;
  if (change.expired) {
    const past = Math.floor(ctx.now() / 1000) - 3600;
    out = { ...out, iat: past - 300, exp: past };
  }
  if (change.signWithForeignKey) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const foreign = { kid: ctx.store.state.keys[flavour].kid, privateJwk: privateKey.export({ format: 'jwk' }) };
    return signWithPlatformKey(foreign, out);
  }
  return signWithPlatformKey(ctx.store.state.keys[flavour], out);
}

/** Wraps a handler so SandboxErrors render the error page. */
function page(handler: (req: Request, res: Response) => void) {
  return (req: Request, res: Response): void => {
    try {
      handler(req, res);
    } catch (err) {
      if (err instanceof SandboxError) sendPageError(res, err);
      else throw err;
    }
  };
}

/** Mounts the launch start and both flavours' auth endpoints. */
export function mountOidc(ctx: SandboxContext, router: Router): void {
  router.get(
    '/launch',
    page((req, res) => startLaunch(ctx, req, res)),
  );
  for (const flavour of ['canvas', 'moodle'] as const) {
    const path = new URL(ctx.urls[flavour].authorizationEndpoint).pathname;
    router.get(
      path,
      page((req, res) => authorize(ctx, flavour, req, res)),
    );
    router.post(
      path,
      page((req, res) => authorize(ctx, flavour, req, res)),
    );
  }
}
