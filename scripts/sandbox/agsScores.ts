/**
 * AGS score rules, per flavour, as the real platforms enforce them:
 * - both: required userId/timestamp/activityProgress/gradingProgress, ISO 8601 timestamp with a
 *   zone, enum values, no nulls (400);
 * - canvas: userId not a student 422; scoreGiven without scoreMaximum 422; timestamp older than
 *   the stored one 400; submission extension `submitted_at` more than 1 min ahead 400; scoreGiven
 *   ignored unless FullyGraded/PendingManual; `new_submission` (default true) counts an attempt;
 * - moodle: user not enrolled as a student 400; stored time at or after the new one, compared to
 *   the second, 409; missing scoreMaximum = 1; scoreGiven discarded unless FullyGraded.
 * Scores are rescaled to the line item's scoreMaximum. Every accepted score is appended to the
 * gradebook in arrival order.
 */
import { z } from 'zod';
import { SandboxError, type SandboxContext } from './context.ts';
import { CLAIM } from './flavours.ts';
import type { Course, GradebookRow, LineItem, Result, ToolRegistration } from './types.ts';

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;
const isoDate = z
  .string()
  .regex(ISO_8601, 'must be an ISO 8601 date-time with a time zone')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'is not a valid date');

const submissionSchema = z
  .object({
    new_submission: z.boolean().optional(),
    submission_type: z.string().optional(),
    submission_data: z.string().optional(),
    submitted_at: isoDate.optional(),
    prioritize_non_tool_grade: z.boolean().optional(),
    content_items: z.array(z.record(z.unknown())).optional(),
  })
  .passthrough();

const scoreSchema = z
  .object({
    userId: z.string().min(1),
    scoreGiven: z.number().finite().min(0).optional(),
    scoreMaximum: z.number().finite().positive().optional(),
    comment: z.string().optional(),
    timestamp: isoDate,
    activityProgress: z.enum(['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed']),
    gradingProgress: z.enum(['FullyGraded', 'Pending', 'PendingManual', 'Failed', 'NotReady']),
  })
  .passthrough();

/** Throws 400 naming the first null value found (platforms reject nulls; tools must omit fields). */
export function rejectNulls(value: unknown, path = ''): void {
  if (value === null)
    throw new SandboxError(400, 'invalid_request', `${path || 'body'} is null: omit optional fields instead of sending null.`);
  if (Array.isArray(value)) value.forEach((v, i) => rejectNulls(v, `${path}[${i}]`));
  else if (typeof value === 'object' && value) for (const [k, v] of Object.entries(value)) rejectNulls(v, path ? `${path}.${k}` : k);
}

/** Formats zod issues as one readable sentence. */
export function zodMessage(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}

/** Applies one score POST; returns the gradebook row it produced. */
export function acceptScore(ctx: SandboxContext, course: Course, reg: ToolRegistration, li: LineItem, body: unknown): GradebookRow {
  rejectNulls(body);
  const parsed = scoreSchema.safeParse(body);
  if (!parsed.success) throw new SandboxError(400, 'invalid_request', `Invalid score: ${zodMessage(parsed.error)}`);
  const score = parsed.data;
  const flavour = course.flavour;
  const user = course.members.find((m) => m.sub === score.userId);
  const nowMs = ctx.now();
  const state = ctx.store.state;
  const previous = state.results.find((r) => r.lineItemId === li.id && r.userSub === score.userId);
  const newMs = Date.parse(score.timestamp);
  let submission: Record<string, unknown> | undefined;
  let scoreMaximum = score.scoreMaximum;
  let applied: boolean;

  if (flavour === 'canvas') {
    if (!user || user.role !== 'student')
      throw new SandboxError(422, 'unprocessable_entity', `User ${score.userId} is not a student in this course.`);
    if (score.scoreGiven !== undefined && score.scoreMaximum === undefined)
      throw new SandboxError(422, 'unprocessable_entity', 'ScoreMaximum must be present when ScoreGiven is.');
    const ext = (body as Record<string, unknown>)[CLAIM.canvasSubmission];
    if (ext !== undefined) {
      const sub = submissionSchema.safeParse(ext);
      if (!sub.success) throw new SandboxError(400, 'invalid_request', `Invalid ${CLAIM.canvasSubmission}: ${zodMessage(sub.error)}`);
      if (sub.data.submitted_at && Date.parse(sub.data.submitted_at) > nowMs + 60_000)
        throw new SandboxError(400, 'invalid_request', 'submitted_at cannot be more than a minute in the future.');
      submission = sub.data;
    }
    if (previous && newMs < Date.parse(previous.timestamp)) {
      throw new SandboxError(
        400,
        'invalid_request',
        `Provided timestamp of ${score.timestamp} is before the last updated timestamp of ${previous.timestamp}.`,
      );
    }
    applied = score.gradingProgress === 'FullyGraded' || score.gradingProgress === 'PendingManual';
  } else {
    if (!user || user.role !== 'student')
      throw new SandboxError(400, 'invalid_request', `User ${score.userId} is not enrolled with a gradebook role in this course.`);
    if (previous && Math.floor(Date.parse(previous.timestamp) / 1000) >= Math.floor(newMs / 1000)) {
      throw new SandboxError(
        409,
        'conflict',
        `Refusing score with timestamp ${score.timestamp}: the stored grade is from ${previous.timestamp} (compared to the second).`,
      );
    }
    scoreMaximum ??= 1;
    applied = score.gradingProgress === 'FullyGraded';
  }

  const resultScore =
    applied && score.scoreGiven !== undefined && scoreMaximum !== undefined ? (score.scoreGiven / scoreMaximum) * li.scoreMaximum : null;
  const newAttempt = flavour === 'canvas' && (submission?.new_submission ?? true) === true;
  const result: Result = {
    lineItemId: li.id,
    userSub: score.userId,
    resultScore,
    resultMaximum: li.scoreMaximum,
    timestamp: score.timestamp,
    activityProgress: score.activityProgress,
    gradingProgress: score.gradingProgress,
    attempts: (previous?.attempts ?? 0) + (newAttempt ? 1 : 0),
    ...(score.comment !== undefined ? { comment: score.comment } : {}),
  };
  if (previous) Object.assign(previous, result);
  else state.results.push(result);
  const row: GradebookRow = {
    seq: state.gradebook.length + 1,
    receivedAt: new Date(nowMs).toISOString(),
    courseId: course.id,
    clientId: reg.clientId,
    lineItemId: li.id,
    lineItemLabel: li.label,
    userId: score.userId,
    userName: user.name,
    timestamp: score.timestamp,
    activityProgress: score.activityProgress,
    gradingProgress: score.gradingProgress,
    resultScore,
    resultMaximum: li.scoreMaximum,
    ...(score.scoreGiven !== undefined ? { scoreGiven: score.scoreGiven } : {}),
    ...(score.scoreMaximum !== undefined ? { scoreMaximum: score.scoreMaximum } : {}),
    ...(score.comment !== undefined ? { comment: score.comment } : {}),
    ...(submission ? { submission } : {}),
  };
  state.gradebook.push(row);
  ctx.store.save();
  ctx.logger.info({ flavour, lineItemId: li.id, userId: score.userId, resultScore }, 'score accepted');
  return row;
}
