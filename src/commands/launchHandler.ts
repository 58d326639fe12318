/**
 * Turns a validated launch into Pathwise records, once per launch, with idempotent upserts:
 * the course (tenant: registration + deployment + context), the person (registration + sub),
 * their enrollment and role, the activity (resource link, within the course) with
 * where its grades go. A deployment accepted as new is added to its registration here, only after
 * the launch has been fully validated.
 */
import { inheritFromHistory } from './activityInheritance.ts';
import { inheritCourseContent } from './contentInheritance.ts';
import type { LaunchContext } from '../lti/index.ts';
import { Activity } from '../repositories/models/Activity.ts';
import { Course } from '../repositories/models/Course.ts';
import { Enrollment } from '../repositories/models/Enrollment.ts';
import { upsertPerson } from '../repositories/people.ts';
import { Registration } from '../repositories/models/Registration.ts';
import type { Session } from '../session.ts';
import { TtlCache } from '../ttlCache.ts';
import { privacySettingsFor, scrubLaunchIdentity } from '../repositories/privacySettings.ts';
import { rememberName } from './privacy/nameCache.ts';
import { Types } from 'mongoose';
import { markSummaryComplete, removeMemberRow, writeMemberRow } from '../repositories/classSummary.ts';

/** Mongoose sets both timestamps to the same instant when an upsert inserts. */
const justCreated = (d: { createdAt?: Date; updatedAt?: Date }) => d.createdAt?.getTime() === d.updatedAt?.getTime();

/**
 * Ids of courses and activities recently upserted with exactly these values: a repeat launch skips
 * writes that would change nothing (the upserts are idempotent, so a miss only costs a write).
 */
const recent = new TtlCache<string>(5 * 60_000);

export async function launchHandler(props: {
  ctx: LaunchContext;
  registrationsChanged?: () => void;
}): Promise<Session & { activityId?: string }> {
  const { ctx } = props;
  const { issuer, clientId, deploymentId, deploymentKnown } = ctx.platform;
  if (!deploymentKnown) {
    await Registration.updateOne({ issuer, clientId }, { $addToSet: { deploymentIds: deploymentId } });
    props.registrationsChanged?.();
  }

  const courseSet = { title: ctx.context.title, ...(ctx.nrpsUrl ? { nrpsUrl: ctx.nrpsUrl } : {}) };
  // Pseudonymous mode (docs/privacy.md): the name stays in memory only.
  const { pseudonymous } = await privacySettingsFor(issuer, clientId);
  const courseKey = JSON.stringify(['course', issuer, clientId, deploymentId, ctx.context.id, courseSet]);
  const [courseId, person] = await Promise.all([
    recent.get(courseKey) ??
      Course.findOneAndUpdate(
        { issuer, clientId, deploymentId, contextId: ctx.context.id },
        { $set: courseSet },
        { upsert: true, new: true },
      )
        .lean()
        .then(async (c) => {
          // A new course has no learners yet: its class summary is complete from the start.
          if (justCreated(c)) await markSummaryComplete('members', String(c._id), String(c._id));
          recent.set(courseKey, String(c._id));
          return String(c._id);
        }),
    upsertPerson({
      issuer,
      clientId,
      sub: ctx.user.sub,
      name: pseudonymous ? '' : ctx.user.name,
      ...(ctx.user.locale ? { locale: ctx.user.locale.slice(0, 35) } : {}),
    }),
  ]);
  rememberName(String(person._id), ctx.user.name);
  if (pseudonymous) await scrubLaunchIdentity(issuer, clientId, ctx.user.sub);
  const course = { _id: new Types.ObjectId(courseId) };
  const enrolled = Enrollment.updateOne(
    { courseId: course._id, personId: person._id },
    { $set: { role: ctx.user.role, lastLaunchAt: new Date() } },
    { upsert: true },
  );
  let activityId: string | undefined;
  if (ctx.resourceLink) {
    const set: Record<string, unknown> = { title: ctx.resourceLink.title };
    const skills = ctx.custom.skills
      ?.split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    if (skills?.length) set.skillIds = skills.slice(0, 100);
    if (ctx.ags) {
      set.agsScopes = ctx.ags.scopes;
      if (ctx.ags.lineItemUrl) set.lineItemUrl = ctx.ags.lineItemUrl;
      if (ctx.ags.lineItemsUrl) set.lineItemsUrl = ctx.ags.lineItemsUrl;
    }
    const activityKey = JSON.stringify(['activity', courseId, ctx.resourceLink.id, set]);
    activityId = recent.get(activityKey);
    if (!activityId) {
      const activity = await Activity.findOneAndUpdate(
        { courseId: course._id, resourceLinkId: ctx.resourceLink.id },
        { $set: set },
        { upsert: true, new: true },
      ).lean();
      activityId = String(activity._id);
      if (justCreated(activity)) await markSummaryComplete('progress', activityId, courseId);
      if (!activity.inheritedFrom && ctx.custom.resource_link_history) {
        await inheritFromHistory({ activityId, issuer, clientId, resourceLinkHistory: ctx.custom.resource_link_history });
      }
      recent.set(activityKey, activityId);
    }
  }
  // A course copied in the LMS receives its original's studio content (questions, resources), once.
  await inheritCourseContent({
    courseId,
    issuer,
    clientId,
    contextHistory: ctx.custom.context_history,
    resourceLinkHistory: ctx.custom.resource_link_history,
  });
  await enrolled;
  // The class overview's list of learners (classSummary.ts), written again when name or role changes.
  const memberKey = JSON.stringify(['member', courseId, String(person._id), person.sub, person.name ?? '', ctx.user.role]);
  if (!recent.get(memberKey)) {
    if (ctx.user.role === 'learner')
      await writeMemberRow(courseId, { personId: String(person._id), sub: person.sub, name: person.name ?? '' });
    else await removeMemberRow(courseId, String(person._id));
    recent.set(memberKey, '1');
  }
  return { courseId: String(course._id), personId: String(person._id), role: ctx.user.role, ...(activityId ? { activityId } : {}) };
}
