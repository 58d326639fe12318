/** The typed launch our commands receive: claims already converted to Pathwise terms. */
import type { Role } from '../repositories/models/Enrollment.ts';
import { CLAIM, toRole } from './claims.ts';
import type { ValidatedLaunch } from './launchValidator.ts';

export interface LaunchContext {
  messageType: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  platform: { issuer: string; clientId: string; deploymentId: string; deploymentKnown: boolean; productFamily: string };
  context: { id: string; title: string };
  user: { sub: string; name: string; role: Role; locale?: string };
  resourceLink?: { id: string; title: string };
  ags?: { lineItemUrl?: string; lineItemsUrl?: string; scopes: string[] };
  /** Deep Linking request settings the picker needs. */
  deepLinking?: { acceptMultiple: boolean };
  nrpsUrl?: string;
  custom: Record<string, string>;
  /** Opaque handle for answering a Deep Linking request through the adapter. */
  ltik?: string;
}

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

export function toLaunchContext(v: ValidatedLaunch, ltik?: string): LaunchContext {
  const c = v.claims;
  const ctx = c[CLAIM.context];
  const rl = c[CLAIM.resourceLink];
  const ags = c[CLAIM.ags] as Obj | undefined;
  const nrps = c[CLAIM.nrps] as Obj | undefined;
  const customRaw = (c[CLAIM.custom] ?? {}) as Obj;
  const name = str(c.name) ?? [str(c.given_name), str(c.family_name)].filter(Boolean).join(' ');
  const out: LaunchContext = {
    messageType: c[CLAIM.messageType],
    platform: {
      issuer: c.iss,
      clientId: v.clientId,
      deploymentId: c[CLAIM.deploymentId],
      deploymentKnown: v.deploymentKnown,
      productFamily: v.registration.productFamily ?? 'unknown',
    },
    context: { id: ctx.id, title: str(ctx.title) ?? str(ctx.label) ?? '' },
    user: { sub: c.sub, name, role: toRole(c[CLAIM.roles]), ...(str(c.locale) ? { locale: str(c.locale) } : {}) },
    custom: Object.fromEntries(Object.entries(customRaw).filter(([, x]) => typeof x === 'string')) as Record<string, string>,
  };
  if (rl) out.resourceLink = { id: rl.id, title: str(rl.title) ?? '' };
  if (ags) {
    const scopes = Array.isArray(ags.scope) ? ags.scope.filter((s): s is string => typeof s === 'string') : [];
    out.ags = { scopes };
    const li = str(ags.lineitem);
    const lis = str(ags.lineitems);
    if (li) out.ags.lineItemUrl = li;
    if (lis) out.ags.lineItemsUrl = lis;
  }
  const dl = c[CLAIM.deepLinking as keyof typeof c] as Obj | undefined;
  if (dl) out.deepLinking = { acceptMultiple: dl.accept_multiple === true || dl.accept_multiple === 'true' };
  const nrpsUrl = str(nrps?.context_memberships_url);
  if (nrpsUrl) out.nrpsUrl = nrpsUrl;
  if (ltik) out.ltik = ltik;
  return out;
}
