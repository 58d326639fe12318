/**
 * Finds or creates the line item of a resource link when the launch carried only the `lineitems`
 * container (links not made by Deep Linking, some Open edX / D2L set-ups, Canvas links added by
 * hand). Looks first, filtering by `resource_link_id` and following paging, then by our own
 * `resourceId` + `tag` (platforms that ignore the link filter); creates one only with the
 * `lineitem` scope. The URL found is remembered on the activity; a URL that answered 404 is
 * remembered as gone so pending scores move to the replacement.
 */
import { z } from 'zod';
import type { Logger } from '../logger.ts';
import { Activity } from '../repositories/models/Activity.ts';
import { SCOPES } from './claims.ts';
import { fetchWithUa } from './http.ts';
import { authHeader, getPages, ServiceError, type PlatformOf } from './service.ts';

export const LINE_ITEM_TAG = 'pathwise-grade';
const MEDIA_ITEM = 'application/vnd.ims.lis.v2.lineitem+json';
const MEDIA_CONTAINER = 'application/vnd.ims.lis.v2.lineitemcontainer+json';

const lineItemSchema = z
  .object({
    id: z.string().url(),
    label: z.string().optional(),
    scoreMaximum: z.number().optional(),
    resourceLinkId: z.string().optional(),
    resourceId: z.string().optional(),
    tag: z.string().optional(),
  })
  .passthrough();
const containerSchema = z.array(lineItemSchema);

/** Placeholder line-item URL of a grade recorded before its line item is known. */
export function unresolvedLineItem(activityId: string): string {
  return `urn:pathwise:unresolved-lineitem:${activityId}`;
}
export const isUnresolved = (url: string): boolean => url.startsWith('urn:pathwise:unresolved-lineitem:');

export interface ActivityLineItemView {
  _id: unknown;
  courseId: unknown;
  resourceLinkId: string;
  title?: string | null;
  lineItemUrl?: string | null;
  lineItemsUrl?: string | null;
  resolvedLineItemUrl?: string | null;
  goneLineItemUrls?: string[] | null;
  agsScopes?: string[] | null;
}

/** The line item grades of this activity go to now, if known (never one that answered 404). */
export function currentLineItem(a: ActivityLineItemView): string | undefined {
  const gone = new Set(a.goneLineItemUrls ?? []);
  if (a.resolvedLineItemUrl && !gone.has(a.resolvedLineItemUrl)) return a.resolvedLineItemUrl;
  if (a.lineItemUrl && !gone.has(a.lineItemUrl)) return a.lineItemUrl;
  return undefined;
}

/** Whether this activity's grades can reach the LMS at all (claim, container and scopes). */
export function gradesCanFlow(a: ActivityLineItemView): boolean {
  const scopes = a.agsScopes ?? [];
  if (!scopes.includes(SCOPES.score)) return false;
  if (currentLineItem(a)) return true;
  return Boolean(a.lineItemsUrl) && (scopes.includes(SCOPES.lineItem) || scopes.includes(SCOPES.lineItemReadonly));
}

export class LineItemResolver {
  constructor(
    private readonly platformOf: PlatformOf,
    private readonly log: Logger,
  ) {}

  /**
   * Returns the activity's line item URL, discovering or creating it when needed, and stores it.
   * `gone`: a URL that just answered 404 (deleted in the LMS). Throws ServiceError when the
   * platform cannot be asked or gives no line item.
   */
  async resolve(p: { issuer: string; clientId: string; activityId: string; gone?: string }): Promise<string> {
    if (p.gone) await Activity.updateOne({ _id: p.activityId }, { $addToSet: { goneLineItemUrls: p.gone } });
    const a = await Activity.findById(p.activityId).lean<ActivityLineItemView>();
    if (!a) throw new ServiceError(0, `activity ${p.activityId} no longer exists`);
    const known = currentLineItem(a);
    if (known) return known;
    const scopes = a.agsScopes ?? [];
    if (!a.lineItemsUrl) throw new ServiceError(0, 'The launch gave no line item and no line item container (AGS lineitems URL).');
    const canRead = scopes.includes(SCOPES.lineItem) || scopes.includes(SCOPES.lineItemReadonly);
    const canCreate = scopes.includes(SCOPES.lineItem);
    if (!canRead) throw new ServiceError(0, 'The LMS did not grant the line item scope, so Pathwise cannot find where grades go.');
    const platform = await this.platformOf(p.issuer, p.clientId);
    const gone = new Set(a.goneLineItemUrls ?? []);
    const found = await this.find(platform, a, canCreate ? SCOPES.lineItem : SCOPES.lineItemReadonly, gone);
    const url = found ?? (canCreate ? await this.create(platform, a) : undefined);
    if (!url) throw new ServiceError(404, 'No line item for this link, and the LMS did not grant the scope to create one.');
    await Activity.updateOne({ _id: a._id }, { $set: { resolvedLineItemUrl: url } });
    this.log.info({ activity: String(a._id), lineItem: url, created: !found }, found ? 'line item found' : 'line item created');
    return url;
  }

  /** A score recorded for a line item that has since been replaced goes to the replacement. */
  async redirected(activityId: string, url: string): Promise<string> {
    const a = await Activity.findById(activityId, {
      resolvedLineItemUrl: 1,
      goneLineItemUrls: 1,
      lineItemUrl: 1,
      lineItemsUrl: 1,
      resourceLinkId: 1,
      courseId: 1,
    }).lean<ActivityLineItemView>();
    if (!a || !(a.goneLineItemUrls ?? []).includes(url)) return url;
    return currentLineItem(a) ?? url;
  }

  private async find(
    platform: Awaited<ReturnType<PlatformOf>>,
    a: ActivityLineItemView,
    scope: string,
    gone: Set<string>,
  ): Promise<string | undefined> {
    const auth = await authHeader(platform, scope);
    const byLink = new URL(a.lineItemsUrl!);
    byLink.searchParams.set('resource_link_id', a.resourceLinkId);
    const { pages } = await getPages({ url: byLink.toString(), auth, accept: MEDIA_CONTAINER, schema: containerSchema });
    const items = pages.flat().filter((li) => !gone.has(li.id));
    // Filter again ourselves: a platform may ignore the query parameter.
    const ours = (li: z.infer<typeof lineItemSchema>) =>
      li.tag === LINE_ITEM_TAG && (li.resourceId === undefined || li.resourceId === String(a._id));
    const forLink = items.filter((li) => li.resourceLinkId === a.resourceLinkId);
    const mine = forLink.find(ours) ?? items.find((li) => li.resourceId === String(a._id) && li.tag === LINE_ITEM_TAG) ?? forLink[0];
    if (mine) return mine.id;
    const byResource = new URL(a.lineItemsUrl!);
    byResource.searchParams.set('resource_id', String(a._id));
    byResource.searchParams.set('tag', LINE_ITEM_TAG);
    const again = await getPages({ url: byResource.toString(), auth, accept: MEDIA_CONTAINER, schema: containerSchema });
    return again.pages.flat().find((li) => !gone.has(li.id) && li.resourceId === String(a._id) && li.tag === LINE_ITEM_TAG)?.id;
  }

  private async create(platform: Awaited<ReturnType<PlatformOf>>, a: ActivityLineItemView): Promise<string> {
    const auth = await authHeader(platform, SCOPES.lineItem);
    const body = {
      label: a.title || 'Pathwise practice',
      scoreMaximum: 1,
      resourceLinkId: a.resourceLinkId,
      resourceId: String(a._id),
      tag: LINE_ITEM_TAG,
    };
    const res = await fetchWithUa(a.lineItemsUrl!, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': MEDIA_ITEM, Accept: MEDIA_ITEM },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new ServiceError(res.status, `creating a line item answered ${res.status}: ${text.slice(0, 200)}`);
    const parsed = lineItemSchema.safeParse(JSON.parse(text || '{}'));
    if (!parsed.success) throw new ServiceError(res.status, 'the LMS created a line item but did not say its URL');
    return parsed.data.id;
  }
}
