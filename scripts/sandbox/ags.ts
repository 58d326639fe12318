/**
 * Assignment and Grade Services: line item container (GET with resource_link_id / resource_id /
 * tag filters and Link paging, POST), line item (GET/PUT/DELETE), scores (POST only: GET is 405)
 * and results (GET, paging). Content types are checked (415 on a wrong body type, 406 on an Accept
 * that excludes the answer). Moodle URLs carry `?type_id=` which must name the caller's tool type.
 * A tool sees its own line items plus platform-created ones (seeded activity, Deep Linking).
 */
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { acceptScore, rejectNulls, zodMessage } from './agsScores.ts';
import { visibleLineItems } from './claims.ts';
import { paginate, publicUrl, SandboxError, type SandboxContext } from './context.ts';
import { AGS_SCOPES } from './flavours.ts';
import { api, authorizeService, type ServiceCaller } from './token.ts';
import type { Course, Flavour, LineItem } from './types.ts';

export const MEDIA = {
  lineItem: 'application/vnd.ims.lis.v2.lineitem+json',
  lineItemContainer: 'application/vnd.ims.lis.v2.lineitemcontainer+json',
  score: 'application/vnd.ims.lis.v1.score+json',
  resultContainer: 'application/vnd.ims.lis.v2.resultcontainer+json',
} as const;

const READ_LINEITEMS = [AGS_SCOPES.lineItem, AGS_SCOPES.lineItemReadonly];

const lineItemSchema = z
  .object({
    label: z.string().trim().min(1),
    scoreMaximum: z.number().finite().positive(),
    resourceLinkId: z.string().min(1).optional(),
    resourceId: z.string().optional(),
    tag: z.string().optional(),
    startDateTime: z.string().datetime({ offset: true }).optional(),
    endDateTime: z.string().datetime({ offset: true }).optional(),
    gradesReleased: z.boolean().optional(),
  })
  .passthrough();

/** Checks the request body's media type (415 otherwise). */
export function requireContentType(req: Request, media: string): void {
  const type = (req.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== media) throw new SandboxError(415, 'unsupported_media_type', `Content-Type must be ${media}, got ${type || 'none'}.`);
}

/** Checks that the Accept header allows the answer's media type (406 otherwise). */
export function requireAcceptable(req: Request, media: string): void {
  const accept = req.get('accept');
  if (!accept) return;
  const ok = accept
    .split(',')
    .map((p) => p.split(';')[0]?.trim().toLowerCase())
    .some((t) => t === media || t === '*/*' || t === 'application/json' || t === 'application/*');
  if (!ok) throw new SandboxError(406, 'not_acceptable', `This endpoint answers ${media}; Accept was ${accept}.`);
}

interface Scope {
  flavour: Flavour;
  course: Course;
  caller: ServiceCaller;
}

function scoped(ctx: SandboxContext, flavour: Flavour, req: Request, anyOf: readonly string[]): Scope {
  const caller = authorizeService(ctx, flavour, req, anyOf);
  const courseId = String(req.params.courseId);
  const course = ctx.store.course(courseId);
  if (!course || course.flavour !== flavour) throw new SandboxError(404, 'not_found', `No course ${courseId}.`);
  if (flavour === 'moodle') {
    const typeId = req.query.type_id;
    if (typeof typeId !== 'string' || typeId === '')
      throw new SandboxError(400, 'invalid_request', 'type_id is required on Moodle service URLs.');
    if (typeId !== caller.reg.toolTypeId)
      throw new SandboxError(403, 'forbidden', `type_id ${typeId} is not the tool type of this access token.`);
  }
  return { flavour, course, caller };
}

function findLineItem(ctx: SandboxContext, s: Scope, id: string): LineItem {
  const li = visibleLineItems(ctx, s.course.id, s.caller.reg.clientId).find((l) => l.id === id);
  if (!li) throw new SandboxError(404, 'not_found', `No line item ${id} for this tool in course ${s.course.id}.`);
  return li;
}

function lineItemJson(ctx: SandboxContext, s: Scope, li: LineItem): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: ctx.urls[s.flavour].lineItemUrl(s.course.id, li.id, s.caller.reg),
    scoreMaximum: li.scoreMaximum,
    label: li.label,
  };
  for (const k of ['resourceLinkId', 'resourceId', 'tag', 'startDateTime', 'endDateTime'] as const) {
    if (li[k] !== undefined) out[k] = li[k];
  }
  return out;
}

function parseLineItem(ctx: SandboxContext, s: Scope, body: unknown): z.infer<typeof lineItemSchema> {
  rejectNulls(body);
  const parsed = lineItemSchema.safeParse(body);
  if (!parsed.success) throw new SandboxError(400, 'invalid_request', `Invalid line item: ${zodMessage(parsed.error)}`);
  const rl = parsed.data.resourceLinkId;
  if (rl && !ctx.store.state.resourceLinks.some((l) => l.id === rl && l.courseId === s.course.id)) {
    throw new SandboxError(
      s.flavour === 'canvas' ? 404 : 400,
      s.flavour === 'canvas' ? 'not_found' : 'invalid_request',
      `resourceLinkId ${rl} is not a resource link of this course.`,
    );
  }
  return parsed.data;
}

/** Suffix URL of a line item (scores/results), keeping Moodle's query string. */
function suffixUrl(lineItemUrl: string, suffix: string): string {
  const u = new URL(lineItemUrl);
  u.pathname += suffix;
  return u.toString();
}

function listLineItems(ctx: SandboxContext, flavour: Flavour, req: Request, res: Response): void {
  const s = scoped(ctx, flavour, req, READ_LINEITEMS);
  requireAcceptable(req, MEDIA.lineItemContainer);
  const q = req.query;
  const items = visibleLineItems(ctx, s.course.id, s.caller.reg.clientId).filter(
    (li) =>
      (q.resource_link_id === undefined || li.resourceLinkId === q.resource_link_id) &&
      (q.resource_id === undefined || li.resourceId === q.resource_id) &&
      (q.tag === undefined || li.tag === q.tag),
  );
  const page = paginate(req, res, publicUrl(ctx, req), items, ctx.settings.defaultPageSize);
  res.type(MEDIA.lineItemContainer).send(JSON.stringify(page.map((li) => lineItemJson(ctx, s, li))));
}

function createLineItem(ctx: SandboxContext, flavour: Flavour, req: Request, res: Response): void {
  const s = scoped(ctx, flavour, req, [AGS_SCOPES.lineItem]);
  requireContentType(req, MEDIA.lineItem);
  const data = parseLineItem(ctx, s, req.body);
  const li: LineItem = {
    id: ctx.store.nextId(),
    courseId: s.course.id,
    clientId: s.caller.reg.clientId,
    label: data.label,
    scoreMaximum: data.scoreMaximum,
    isDefault: false,
    ...(data.resourceLinkId ? { resourceLinkId: data.resourceLinkId } : {}),
    ...(data.resourceId !== undefined ? { resourceId: data.resourceId } : {}),
    ...(data.tag !== undefined ? { tag: data.tag } : {}),
    ...(data.startDateTime ? { startDateTime: data.startDateTime } : {}),
    ...(data.endDateTime ? { endDateTime: data.endDateTime } : {}),
  };
  ctx.store.state.lineItems.push(li);
  ctx.store.save();
  res
    .status(201)
    .type(MEDIA.lineItem)
    .send(JSON.stringify(lineItemJson(ctx, s, li)));
}

function updateLineItem(ctx: SandboxContext, flavour: Flavour, req: Request, res: Response): void {
  const s = scoped(ctx, flavour, req, [AGS_SCOPES.lineItem]);
  requireContentType(req, MEDIA.lineItem);
  const li = findLineItem(ctx, s, String(req.params.lineItemId));
  const data = parseLineItem(ctx, s, req.body);
  if (data.resourceLinkId && li.resourceLinkId && data.resourceLinkId !== li.resourceLinkId) {
    throw new SandboxError(400, 'invalid_request', 'resourceLinkId of a line item cannot be changed.');
  }
  li.label = data.label;
  li.scoreMaximum = data.scoreMaximum;
  for (const k of ['resourceId', 'tag', 'startDateTime', 'endDateTime'] as const) {
    if (data[k] !== undefined) li[k] = data[k];
    else delete li[k];
  }
  ctx.store.save();
  res.type(MEDIA.lineItem).send(JSON.stringify(lineItemJson(ctx, s, li)));
}

function deleteLineItem(ctx: SandboxContext, flavour: Flavour, req: Request, res: Response): void {
  const s = scoped(ctx, flavour, req, [AGS_SCOPES.lineItem]);
  const li = findLineItem(ctx, s, String(req.params.lineItemId));
  if (li.isDefault || li.clientId === undefined) {
    throw new SandboxError(
      flavour === 'canvas' ? 400 : 403,
      'forbidden',
      'This line item belongs to an activity (its default grade column) and cannot be deleted.',
    );
  }
  const state = ctx.store.state;
  state.lineItems = state.lineItems.filter((l) => l !== li);
  state.results = state.results.filter((r) => r.lineItemId !== li.id);
  ctx.store.save();
  res.status(204).end();
}

function postScore(ctx: SandboxContext, flavour: Flavour, req: Request, res: Response): void {
  const s = scoped(ctx, flavour, req, [AGS_SCOPES.score]);
  requireContentType(req, MEDIA.score);
  const li = findLineItem(ctx, s, String(req.params.lineItemId));
  const row = acceptScore(ctx, s.course, s.caller.reg, li, req.body);
  if (flavour === 'canvas') {
    const resultUrl = `${ctx.urls.canvas.lineItemUrl(s.course.id, li.id, s.caller.reg)}/results/${encodeURIComponent(row.userId)}`;
    res.status(200).json({ resultUrl });
  } else {
    res.status(200).end();
  }
}

function listResults(ctx: SandboxContext, flavour: Flavour, req: Request, res: Response): void {
  const s = scoped(ctx, flavour, req, [AGS_SCOPES.resultReadonly]);
  requireAcceptable(req, MEDIA.resultContainer);
  const li = findLineItem(ctx, s, String(req.params.lineItemId));
  const lineItemUrl = ctx.urls[flavour].lineItemUrl(s.course.id, li.id, s.caller.reg);
  const userFilter = typeof req.query.user_id === 'string' ? req.query.user_id : undefined;
  const results = ctx.store.state.results.filter((r) => r.lineItemId === li.id && (!userFilter || r.userSub === userFilter));
  const page = paginate(req, res, publicUrl(ctx, req), results);
  const body = page.map((r) => {
    const id = new URL(suffixUrl(lineItemUrl, '/results'));
    id.searchParams.set('user_id', r.userSub);
    return {
      id: id.toString(),
      scoreOf: lineItemUrl,
      userId: r.userSub,
      resultMaximum: r.resultMaximum,
      ...(r.resultScore !== null ? { resultScore: r.resultScore } : {}),
      ...(r.comment !== undefined ? { comment: r.comment } : {}),
    };
  });
  res.type(MEDIA.resultContainer).send(JSON.stringify(body));
}

function notAllowed(allow: string) {
  return (_req: Request, res: Response): void => {
    res.setHeader('Allow', allow);
    res.status(405).json({ error: 'method_not_allowed', error_description: `Only ${allow} is allowed here.` });
  };
}

/** Mounts the AGS endpoints of both flavours. */
export function mountAgs(ctx: SandboxContext, router: Router): void {
  const paths: Record<Flavour, { container: string; item: string }> = {
    canvas: { container: '/api/lti/courses/:courseId/line_items', item: '/api/lti/courses/:courseId/line_items/:lineItemId' },
    moodle: {
      container: '/moodle/mod/lti/services.php/:courseId/lineitems',
      item: '/moodle/mod/lti/services.php/:courseId/lineitems/:lineItemId/lineitem',
    },
  };
  for (const flavour of ['canvas', 'moodle'] as const) {
    const p = paths[flavour];
    const h = (fn: (c: SandboxContext, f: Flavour, req: Request, res: Response) => void) => api((req, res) => fn(ctx, flavour, req, res));
    router.get(p.container, h(listLineItems));
    router.post(p.container, h(createLineItem));
    router.get(
      p.item,
      h((c, f, req, res) => {
        const s = scoped(c, f, req, READ_LINEITEMS);
        requireAcceptable(req, MEDIA.lineItem);
        res.type(MEDIA.lineItem).send(JSON.stringify(lineItemJson(c, s, findLineItem(c, s, String(req.params.lineItemId)))));
      }),
    );
    router.put(p.item, h(updateLineItem));
    router.delete(p.item, h(deleteLineItem));
    router.post(`${p.item}/scores`, h(postScore));
    router.all(`${p.item}/scores`, notAllowed('POST'));
    router.get(`${p.item}/results`, h(listResults));
  }
}
