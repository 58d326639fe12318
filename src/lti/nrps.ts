/**
 * Names and Role Provisioning Services: the course roster, so the teacher sees every enrolled
 * student, including those who never opened Pathwise. Follows paging; asks for the resource
 * link's members (`rlid`) when given; remembers the `differences` link the platform offers so the
 * next refresh fetches only what changed. Everything the platform sends is validated.
 */
import { z } from 'zod';
import { SCOPES, toRole } from './claims.ts';
import { authHeader, getPages, linkRel, type PlatformOf } from './service.ts';

const MEDIA = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';

const memberSchema = z
  .object({
    user_id: z.string().min(1),
    roles: z.array(z.string()).default([]),
    status: z.enum(['Active', 'Inactive', 'Deleted']).default('Active'),
    name: z.string().optional(),
    given_name: z.string().optional(),
    family_name: z.string().optional(),
  })
  .passthrough();
const containerSchema = z.object({ members: z.array(memberSchema) }).passthrough();

export interface RosterMember {
  sub: string;
  name: string;
  role: 'learner' | 'instructor' | 'admin';
  status: 'Active' | 'Inactive' | 'Deleted';
}

export interface RosterPage {
  members: RosterMember[];
  /** URL to ask next time for only the changes, when the platform offers one. */
  differencesUrl?: string;
}

export class NrpsClient {
  constructor(private readonly platformOf: PlatformOf) {}

  /**
   * Fetches the memberships at `url` (the claim's context_memberships_url or a differences URL);
   * `rlid` narrows to the members who can see one resource link.
   */
  async memberships(p: { issuer: string; clientId: string; url: string; rlid?: string }): Promise<RosterPage> {
    const platform = await this.platformOf(p.issuer, p.clientId);
    const auth = await authHeader(platform, SCOPES.nrps);
    const u = new URL(p.url);
    if (p.rlid) u.searchParams.set('rlid', p.rlid);
    const { pages, firstLink, lastLink } = await getPages({
      url: u.toString(),
      auth,
      accept: MEDIA,
      schema: containerSchema,
      maxPages: 100,
    });
    const members = pages
      .flatMap((pg) => pg.members)
      .map((m) => ({
        sub: m.user_id,
        name: m.name ?? [m.given_name, m.family_name].filter(Boolean).join(' '),
        role: toRole(m.roles ?? []),
        status: m.status ?? 'Active',
      }));
    const differencesUrl = linkRel(lastLink, 'differences') ?? linkRel(firstLink, 'differences');
    return { members, ...(differencesUrl ? { differencesUrl } : {}) };
  }
}
