/**
 * Names and Role Provisioning Service: the course's memberships as
 * `application/vnd.ims.lti-nrps.v2.membershipcontainer+json`, filtered by `role` (full URI or short
 * name such as `Learner`), optional `rlid` (must be a link of the course, else 404 as Moodle
 * answers; with it, only the members who can see the link: the teachers and the link's audience
 * when one is set, as Moodle filters by the activity's access restrictions), paged with `limit` and
 * a `Link: rel="next"` header. Every answer offers `rel="differences"` (`?since=<ms>`): the
 * memberships changed since then, including members who left (status `Deleted`); the full list
 * leaves those out and shows suspended members as `Inactive`.
 */
import type { Request, Response, Router } from 'express';
import { requireAcceptable } from './ags.ts';
import { contextId } from './claims.ts';
import { paginate, publicUrl, SandboxError, type SandboxContext } from './context.ts';
import { NRPS_SCOPE, ROLE } from './flavours.ts';
import { api, authorizeService } from './token.ts';
import type { Flavour, User } from './types.ts';

const MEMBERSHIP_MEDIA = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';

function rolesOf(u: User): string[] {
  return u.role === 'teacher' ? [ROLE.instructor] : [ROLE.learner];
}

function roleMatches(u: User, wanted: string): boolean {
  return rolesOf(u).some((r) => r === wanted || r.endsWith(`#${wanted}`));
}

function memberships(ctx: SandboxContext, flavour: Flavour, req: Request, res: Response): void {
  const caller = authorizeService(ctx, flavour, req, [NRPS_SCOPE]);
  requireAcceptable(req, MEMBERSHIP_MEDIA);
  const courseId = String(req.params.courseId);
  const course = ctx.store.course(courseId);
  if (!course || course.flavour !== flavour) throw new SandboxError(404, 'not_found', `No course ${courseId}.`);
  if (flavour === 'moodle' && req.params.typeId !== caller.reg.toolTypeId) {
    throw new SandboxError(403, 'forbidden', 'This memberships URL belongs to another tool type.');
  }
  const rlid = req.query.rlid;
  const rl = rlid === undefined ? undefined : ctx.store.state.resourceLinks.find((l) => l.id === rlid && l.courseId === courseId);
  if (rlid !== undefined && !rl) throw new SandboxError(404, 'not_found', `rlid ${String(rlid)} is not a resource link of this course.`);
  const failRlid = ctx.tamper.failRlid;
  if (rl && failRlid) throw new SandboxError(failRlid.status, 'rlid_failed', failRlid.message ?? 'The link memberships are not available.');
  const audience = rl?.audience ? new Set(rl.audience) : undefined;
  const canSee = (u: User) => !audience || u.role === 'teacher' || audience.has(u.id);
  const role = typeof req.query.role === 'string' ? req.query.role : undefined;
  const since = typeof req.query.since === 'string' ? Number(req.query.since) : undefined;
  if (since !== undefined && !Number.isFinite(since)) throw new SandboxError(400, 'invalid_request', 'since must be a number (ms).');
  const members = course.members.filter(
    (u) => canSee(u) && (!role || roleMatches(u, role)) && (since === undefined ? u.status !== 'Deleted' : (u.changedMs ?? 0) > since),
  );
  const page = paginate(req, res, publicUrl(ctx, req), members, ctx.settings.defaultPageSize);
  const diff = new URL(publicUrl(ctx, req));
  for (const k of ['limit', 'page', 'since']) diff.searchParams.delete(k);
  diff.searchParams.set('since', String(ctx.now()));
  const link = res.getHeader('Link');
  res.setHeader('Link', [link, `<${diff.toString()}>; rel="differences"`].filter(Boolean).join(', '));
  const body = {
    id: publicUrl(ctx, req),
    context: { id: contextId(course), label: course.label, title: course.title },
    members: page.map((u) => ({
      status: u.status ?? 'Active',
      name: u.name,
      given_name: u.givenName,
      family_name: u.familyName,
      email: u.email,
      user_id: u.sub,
      lis_person_sourcedid: `sis-${flavour}-${u.id}`,
      roles: rolesOf(u),
    })),
  };
  res.type(MEMBERSHIP_MEDIA).send(JSON.stringify(body));
}

/** Mounts the NRPS endpoints of both flavours. */
export function mountNrps(ctx: SandboxContext, router: Router): void {
  router.get(
    '/api/lti/courses/:courseId/names_and_roles',
    api((req, res) => memberships(ctx, 'canvas', req, res)),
  );
  router.get(
    '/moodle/mod/lti/services.php/CourseSection/:courseId/bindings/:typeId/memberships',
    api((req, res) => memberships(ctx, 'moodle', req, res)),
  );
}
