/**
 * What every teacher route shares: the check that the session teaches the course, the activity
 * of the course (the tenant) with its policy context, the id schemas, and the 400 page for a form
 * that was not accepted.
 */
import type express from 'express';
import { z } from 'zod';
import { AppError, ForbiddenError, NotFoundError } from '../errors.ts';
import type { ActivityDoc } from '../repositories/models/Activity.ts';
import { activityInCourse } from '../repositories/activities.ts';
import { activityContext, type ActivityContext } from '../repositories/activityContext.ts';
import { can } from '../authorization.ts';
import type { SessionSigner } from '../session.ts';
import type { RosterRefresher } from '../commands/rosterRefresher.ts';
import type { AuditLog } from '../repositories/audit.ts';
import type { AgsClient } from '../lti/ags.ts';
import { sessionFrom } from './practice.ts';

export interface TeacherDeps {
  sessions: SessionSigner;
  roster?: RosterRefresher;
  audit: AuditLog;
  onGradesRetried?(): void;
  /** Reads the LMS gradebook back for the gradebook check (teacherGradebook.ts). */
  ags?: Pick<AgsClient, 'results'>;
}

export const objectId = z.string().regex(/^[a-f0-9]{24}$/i, 'a student or activity id is malformed');
export const skillId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/i, 'that skill id is malformed');

export function invalid(issues: z.ZodIssue[], hint: string): AppError {
  return new AppError('invalid_input', `The form was not accepted: ${issues.map((i) => i.message).join('; ')}.`, { status: 400, hint });
}

/** The session, if it is a teacher's of this course; otherwise a 403 page that says what to do. */
export function teacherCheck(sessions: SessionSigner) {
  return async (req: express.Request, courseId: string) => {
    const session = await sessionFrom(sessions, req);
    if (!can(session, 'teach', { courseId })) {
      throw new ForbiddenError(
        'This page is for the course’s teachers.',
        'If you teach this course, open Pathwise from the course as a teacher.',
      );
    }
    return session;
  };
}

/** The activity of this course (tenant) with its policy context, or a 404 page. */
export async function activityIn(courseId: string, activityId: string): Promise<{ activity: ActivityDoc; ctx: ActivityContext }> {
  const activity = await activityInCourse(courseId, activityId);
  if (!activity) throw new NotFoundError('This activity');
  return { activity, ctx: await activityContext(activity) };
}

/** An async route handler whose failures go to Express's error handler (the error page says what to do). */
export function asyncRoute(handler: (req: express.Request, res: express.Response) => Promise<unknown>): express.RequestHandler {
  return (req, res, next) => {
    handler(req, res).catch(next);
  };
}
