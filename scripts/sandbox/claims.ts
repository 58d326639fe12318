/**
 * The id_token claims of a launch, as each flavour builds them. Notable rules:
 * - roles are full LIS URIs (membership + institution role);
 * - the AGS claim lists only the AGS scopes the registration was granted; Moodle adds `lineitem`
 *   only when the link has exactly one line item, Canvas when the link has one (its assignment);
 * - custom values get variable substitution (`$Canvas.*` only on canvas; unknown variables arrive
 *   literally); Moodle also sends each custom key in its lower-cased, normalised form.
 */
import { createHash } from 'node:crypto';
import type { SandboxContext } from './context.ts';
import { AGS_SCOPES, CLAIM, NRPS_SCOPE, ROLE } from './flavours.ts';
import type { Course, Flavour, LineItem, MessageType, ResourceLink, ToolRegistration, User } from './types.ts';

export interface LaunchSubject {
  flavour: Flavour;
  course: Course;
  user: User;
  reg: ToolRegistration;
  deploymentId: string;
  link?: ResourceLink;
  messageType: MessageType;
  nonce: string;
}

function hash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 40);
}

/** Opaque context id: a hash on Canvas, the course id on Moodle. */
export function contextId(course: Course): string {
  return course.flavour === 'canvas' ? hash(`canvas-course-${course.id}`) : course.id;
}

/** Line items a tool can see in a course: its own plus the platform-created ones. */
export function visibleLineItems(ctx: SandboxContext, courseId: string, clientId: string): LineItem[] {
  return ctx.store.state.lineItems.filter((li) => li.courseId === courseId && (li.clientId === undefined || li.clientId === clientId));
}

function substitute(value: string, s: LaunchSubject, apiDomain: string): string {
  if (!value.startsWith('$')) return value;
  const common: Record<string, string> = {
    '$User.id': s.user.id,
    '$User.username': s.user.loginId,
    '$Person.name.full': s.user.name,
    '$Person.name.given': s.user.givenName,
    '$Person.name.family': s.user.familyName,
    '$Person.email.primary': s.user.email,
    '$Context.id': contextId(s.course),
    '$Context.title': s.course.title,
    '$Context.label': s.course.label,
    '$ResourceLink.id': s.link?.id ?? value,
    '$ResourceLink.title': s.link?.title ?? value,
    '$ResourceLink.id.history': (s.link?.history ?? []).join(','),
    '$Context.id.history': (s.course.history ?? []).map((id) => contextId({ ...s.course, id })).join(','),
  };
  const canvas: Record<string, string> = {
    '$Canvas.user.id': s.user.id,
    '$Canvas.user.loginId': s.user.loginId,
    '$Canvas.course.id': s.course.id,
    '$Canvas.course.name': s.course.title,
    '$Canvas.api.domain': apiDomain,
  };
  const table = s.flavour === 'canvas' ? { ...common, ...canvas } : common;
  return table[value] ?? value;
}

function customClaim(s: LaunchSubject, apiDomain: string): Record<string, string> {
  const merged = { ...s.reg.customParameters, ...(s.link?.custom ?? {}) };
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(merged)) {
    const v = substitute(raw, s, apiDomain);
    out[key] = v;
    if (s.flavour === 'moodle') out[key.toLowerCase().replace(/[^a-z0-9]/g, '_')] = v;
  }
  return out;
}

function agsClaim(ctx: SandboxContext, s: LaunchSubject): Record<string, unknown> | undefined {
  const agsScopes = s.reg.scopes.filter((sc) => (Object.values(AGS_SCOPES) as string[]).includes(sc));
  if (agsScopes.length === 0) return undefined;
  const urls = ctx.urls[s.flavour];
  const claim: Record<string, unknown> = { scope: agsScopes, lineitems: urls.lineItemsUrl(s.course.id, s.reg) };
  if (s.link && s.messageType === 'LtiResourceLinkRequest') {
    const items = visibleLineItems(ctx, s.course.id, s.reg.clientId).filter((li) => li.resourceLinkId === s.link?.id);
    const chosen = s.flavour === 'moodle' ? (items.length === 1 ? items[0] : undefined) : (items.find((li) => li.isDefault) ?? items[0]);
    if (chosen) claim.lineitem = urls.lineItemUrl(s.course.id, chosen.id, s.reg);
  }
  return claim;
}

/** Builds every claim of the launch id_token (before any tampering). */
export function buildLaunchClaims(ctx: SandboxContext, s: LaunchSubject): Record<string, unknown> {
  const urls = ctx.urls[s.flavour];
  const iat = Math.floor(ctx.now() / 1000);
  const teacher = s.user.role === 'teacher';
  const claims: Record<string, unknown> = {
    iss: urls.issuer,
    aud: s.reg.clientId,
    azp: s.reg.clientId,
    sub: s.user.sub,
    iat,
    exp: iat + 300,
    nonce: s.nonce,
    name: s.user.name,
    given_name: s.user.givenName,
    family_name: s.user.familyName,
    email: s.user.email,
    locale: s.user.locale ?? 'en',
    [CLAIM.messageType]: s.messageType,
    [CLAIM.version]: '1.3.0',
    [CLAIM.deploymentId]: s.deploymentId,
    [CLAIM.targetLinkUri]: targetLinkUri(s),
    [CLAIM.roles]: teacher ? [ROLE.instructor, ROLE.faculty] : [ROLE.learner, ROLE.student],
    [CLAIM.context]: {
      id: contextId(s.course),
      label: s.course.label,
      title: s.course.title,
      type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'],
    },
    [CLAIM.toolPlatform]: {
      guid: hash(`${urls.issuer}-platform`),
      name: s.flavour === 'canvas' ? 'Pathwise Sandbox (Canvas)' : 'Pathwise Sandbox (Moodle)',
      product_family_code: urls.productFamilyCode,
      version: s.flavour === 'canvas' ? 'cloud' : '2024100700',
      url: ctx.baseUrl,
    },
    [CLAIM.custom]: customClaim(s, new URL(ctx.baseUrl).host),
    [CLAIM.launchPresentation]: {
      document_target: 'iframe',
      return_url: `${ctx.baseUrl}/courses/${s.course.id}`,
      locale: s.user.locale ?? 'en',
      ...(s.flavour === 'canvas' ? { height: 600, width: 800 } : {}),
    },
    [CLAIM.lis]: {
      person_sourcedid: `sis-${s.flavour}-${s.user.id}`,
      course_offering_sourcedid: `sis-${s.flavour}-course-${s.course.id}`,
    },
  };
  if (s.messageType === 'LtiResourceLinkRequest' && s.link) {
    claims[CLAIM.resourceLink] = { id: s.link.id, title: s.link.title, ...(s.link.text ? { description: s.link.text } : {}) };
  }
  const ags = agsClaim(ctx, s);
  if (ags) claims[CLAIM.ags] = ags;
  if (s.reg.scopes.includes(NRPS_SCOPE)) {
    claims[CLAIM.nrps] = { context_memberships_url: urls.membershipsUrl(s.course.id, s.reg), service_versions: ['2.0'] };
  }
  if (s.messageType === 'LtiDeepLinkingRequest') {
    const dl = ctx.settings.deepLinking[s.flavour];
    const data = ctx.hints.sign(
      {
        kind: 'deeplink',
        flavour: s.flavour,
        courseId: s.course.id,
        userId: s.user.id,
        clientId: s.reg.clientId,
        deploymentId: s.deploymentId,
        acceptTypes: dl.acceptTypes,
        acceptLineItem: dl.acceptLineItem,
      },
      3600,
    );
    claims[CLAIM.dlSettings] = {
      deep_link_return_url: urls.deepLinkReturnUrl(s.course.id, s.reg),
      accept_types: dl.acceptTypes,
      accept_presentation_document_targets: ['iframe', 'window'],
      accept_multiple: dl.acceptMultiple,
      accept_lineitem: dl.acceptLineItem,
      auto_create: s.flavour === 'canvas',
      title: 'Pathwise activity',
      data,
    };
  }
  return claims;
}

/** The target_link_uri of a launch: the link's own URL, the tool's DL target, or its default. */
export function targetLinkUri(s: Pick<LaunchSubject, 'reg' | 'link' | 'messageType'>): string {
  if (s.messageType === 'LtiDeepLinkingRequest') {
    const dl = s.reg.messages.find((m) => m.type === 'LtiDeepLinkingRequest');
    return dl?.target_link_uri ?? s.reg.targetLinkUri;
  }
  return s.link?.url ?? s.reg.targetLinkUri;
}
