/**
 * Deep Linking return endpoint. The tool auto-posts form field `JWT`; the sandbox verifies it
 * against the tool's JWKS (RS256, kid), iss = client_id, aud = platform issuer, exp/iat, nonce,
 * message_type LtiDeepLinkingResponse, version 1.3.0, a deployment of that client, and that `data`
 * comes back byte-for-byte (it is a signed one-time token naming course, client and deployment).
 * Content items must be of an accepted type, contain no nulls, carry string-only `custom`, and a
 * `lineItem` only if the request accepted line items. Each ltiResourceLink becomes a resource link
 * of the course (+ a line item when `lineItem` is given).
 */
import type { Request, Response, Router } from 'express';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { rejectNulls, zodMessage } from './agsScores.ts';
import { findRegistration, SandboxError, sendPageError, type SandboxContext } from './context.ts';
import { CLAIM } from './flavours.ts';
import { JwtCheckError } from './keys.ts';
import type { Flavour, ResourceLink } from './types.ts';

const resourceLinkItem = z
  .object({
    type: z.literal('ltiResourceLink'),
    url: z.string().url().optional(),
    title: z.string().optional(),
    text: z.string().optional(),
    custom: z.record(z.string({ invalid_type_error: 'custom values must be strings' })).optional(),
    lineItem: z
      .object({
        scoreMaximum: z.number().finite().positive(),
        label: z.string().optional(),
        resourceId: z.string().optional(),
        tag: z.string().optional(),
        gradesReleased: z.boolean().optional(),
      })
      .passthrough()
      .optional(),
    iframe: z.object({ width: z.number().optional(), height: z.number().optional(), src: z.string().optional() }).passthrough().optional(),
    window: z
      .object({
        targetName: z.string().optional(),
        width: z.number().optional(),
        height: z.number().optional(),
        windowFeatures: z.string().optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();

const otherItem = z.object({ type: z.string().min(1) }).passthrough();

interface Created {
  link: ResourceLink;
  lineItemLabel?: string;
}

async function handleReturn(
  ctx: SandboxContext,
  flavour: Flavour,
  courseId: string,
  req: Request,
  toolTypeId?: string,
): Promise<{ created: Created[]; msg?: string; errormsg?: string }> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const token = body.JWT;
  if (typeof token !== 'string' || token === '')
    throw new SandboxError(400, 'invalid_request', 'The Deep Linking response must be posted as form field JWT.');
  const unverified = jwt.decode(token);
  if (!unverified || typeof unverified === 'string' || typeof unverified.iss !== 'string')
    throw new SandboxError(400, 'invalid_request', 'JWT is not a JWT with an iss.');
  const reg = findRegistration(ctx, flavour, unverified.iss);
  if (!reg) throw new SandboxError(400, 'invalid_request', `iss ${unverified.iss} is not the client_id of a registered tool.`);
  if (toolTypeId !== undefined && toolTypeId !== reg.toolTypeId)
    throw new SandboxError(400, 'invalid_request', 'The return URL belongs to another tool type.');
  let claims: Record<string, unknown>;
  try {
    claims = await ctx.toolKeys.verify(token, reg.jwksUri, { issuer: reg.clientId, audience: ctx.urls[flavour].issuer, nowMs: ctx.now() });
  } catch (err) {
    if (err instanceof JwtCheckError) throw new SandboxError(400, 'invalid_request', `Deep Linking response rejected: ${err.message}`);
    throw err;
  }
  if (typeof claims.iat !== 'number') throw new SandboxError(400, 'invalid_request', 'The response has no iat.');
  if (typeof claims.nonce !== 'string' || claims.nonce === '') throw new SandboxError(400, 'invalid_request', 'The response has no nonce.');
  if (claims[CLAIM.messageType] !== 'LtiDeepLinkingResponse')
    throw new SandboxError(400, 'invalid_request', 'message_type must be LtiDeepLinkingResponse.');
  if (claims[CLAIM.version] !== '1.3.0') throw new SandboxError(400, 'invalid_request', 'version must be 1.3.0.');
  const deploymentId = claims[CLAIM.deploymentId];
  if (typeof deploymentId !== 'string' || !reg.deploymentIds.includes(deploymentId))
    throw new SandboxError(400, 'invalid_request', 'deployment_id is not a deployment of this tool.');
  const dataToken = claims[CLAIM.dlData];
  if (typeof dataToken !== 'string') throw new SandboxError(400, 'invalid_request', 'The data claim of the request was not echoed.');
  let data;
  try {
    data = ctx.hints.deepLink(dataToken);
  } catch {
    throw new SandboxError(400, 'invalid_request', 'The data claim was not echoed unchanged (or has expired).');
  }
  if (data.flavour !== flavour || data.courseId !== courseId || data.clientId !== reg.clientId || data.deploymentId !== deploymentId) {
    throw new SandboxError(400, 'invalid_request', 'This response answers a Deep Linking request of another course, tool or deployment.');
  }
  if (ctx.usedDeepLinks.has(data.jti)) throw new SandboxError(400, 'invalid_request', 'This Deep Linking request was already answered.');
  rejectNulls(claims);
  const rawItems = claims[CLAIM.dlContentItems] ?? [];
  if (!Array.isArray(rawItems)) throw new SandboxError(400, 'invalid_request', 'content_items must be an array.');
  const settings = ctx.settings.deepLinking[flavour];
  if (rawItems.length > 1 && !settings.acceptMultiple)
    throw new SandboxError(400, 'invalid_request', 'Only one content item was accepted.');
  const items = rawItems.map((raw, i) => {
    const base = otherItem.safeParse(raw);
    if (!base.success) throw new SandboxError(400, 'invalid_request', `content_items[${i}]: ${zodMessage(base.error)}`);
    if (!data.acceptTypes.includes(base.data.type))
      throw new SandboxError(
        400,
        'invalid_request',
        `content_items[${i}] has type ${base.data.type}, not one of the accepted ${data.acceptTypes.join(', ')}.`,
      );
    const item = resourceLinkItem.safeParse(raw);
    if (!item.success) throw new SandboxError(400, 'invalid_request', `content_items[${i}]: ${zodMessage(item.error)}`);
    if (item.data.lineItem && !data.acceptLineItem)
      throw new SandboxError(400, 'invalid_request', `content_items[${i}] has a lineItem but the request did not accept line items.`);
    return item.data;
  });
  ctx.usedDeepLinks.add(data.jti);
  const created: Created[] = items.map((item) => {
    const link: ResourceLink = {
      id: flavour === 'canvas' ? `${ctx.store.nextId()}-${reg.clientId}` : ctx.store.nextId(),
      courseId,
      title: item.title ?? 'Untitled activity',
      custom: item.custom ?? {},
      clientId: reg.clientId,
      createdAt: new Date(ctx.now()).toISOString(),
      ...(item.url ? { url: item.url } : {}),
      ...(item.text ? { text: item.text } : {}),
    };
    ctx.store.state.resourceLinks.push(link);
    if (!item.lineItem) return { link };
    const label = item.lineItem.label ?? link.title;
    ctx.store.state.lineItems.push({
      id: ctx.store.nextId(),
      courseId,
      clientId: reg.clientId,
      label,
      scoreMaximum: item.lineItem.scoreMaximum,
      resourceLinkId: link.id,
      isDefault: true,
      ...(item.lineItem.resourceId ? { resourceId: item.lineItem.resourceId } : {}),
      ...(item.lineItem.tag ? { tag: item.lineItem.tag } : {}),
    });
    return { link, lineItemLabel: label };
  });
  ctx.store.save();
  ctx.logger.info({ flavour, courseId, clientId: reg.clientId, items: created.length }, 'deep linking response accepted');
  const msg = typeof claims[CLAIM.dlMsg] === 'string' ? (claims[CLAIM.dlMsg] as string) : undefined;
  const errormsg = typeof claims[CLAIM.dlErrorMsg] === 'string' ? (claims[CLAIM.dlErrorMsg] as string) : undefined;
  return { created, ...(msg ? { msg } : {}), ...(errormsg ? { errormsg } : {}) };
}

function respond(ctx: SandboxContext, flavour: Flavour, courseId: string, req: Request, res: Response, toolTypeId?: string): void {
  handleReturn(ctx, flavour, courseId, req, toolTypeId)
    .then((out) => res.render('deep-linking-done', { courseId, ...out }))
    .catch((err: unknown) => {
      if (err instanceof SandboxError) sendPageError(res, err);
      else res.status(500).render('error', { title: 'Error 500', message: 'Internal error' });
    });
}

/** Mounts both flavours' Deep Linking return endpoints. */
export function mountDeepLinking(ctx: SandboxContext, router: Router): void {
  router.post('/courses/:courseId/deep_linking_response', (req, res) => respond(ctx, 'canvas', String(req.params.courseId), req, res));
  router.post('/moodle/mod/lti/contentitem_return.php', (req, res) => {
    const course = typeof req.query.course === 'string' ? req.query.course : '';
    respond(ctx, 'moodle', course, req, res, typeof req.query.id === 'string' ? req.query.id : '');
  });
}
