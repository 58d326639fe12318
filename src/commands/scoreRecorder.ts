/**
 * Records an activity score for a student's gradebook column (see gradeRecorder for the rules).
 * When the launch gave no line item, the grade is recorded for a placeholder that the sender
 * resolves (finds or creates the line item) before sending; nothing waits on the LMS here.
 */
import { Types } from 'mongoose';
import { currentLineItem, unresolvedLineItem, type ActivityLineItemView } from '../lti/index.ts';
import { Course } from '../repositories/models/Course.ts';
import { Person } from '../repositories/models/Person.ts';
import { Registration } from '../repositories/models/Registration.ts';
import { gradeRecorder } from './gradeRecorder.ts';

export async function scoreRecorder(props: {
  activity: ActivityLineItemView & { _id: Types.ObjectId; courseId: Types.ObjectId };
  personId: string;
  score: number;
  progress: 'Started' | 'InProgress' | 'Completed';
  comment?: string;
}): Promise<boolean> {
  const [course, person] = await Promise.all([Course.findById(props.activity.courseId).lean(), Person.findById(props.personId).lean()]);
  if (!course || !person) return false;
  const reg = await Registration.findOne({ issuer: course.issuer, clientId: course.clientId }, { productFamily: 1 }).lean();
  await gradeRecorder({
    courseId: course._id,
    activityId: props.activity._id,
    personId: person._id,
    issuer: course.issuer,
    clientId: course.clientId,
    canvas: reg?.productFamily === 'canvas',
    lineItemUrl: currentLineItem(props.activity) ?? unresolvedLineItem(String(props.activity._id)),
    userSub: person.sub,
    scoreGiven: props.score,
    scoreMaximum: 1,
    activityProgress: props.progress,
    ...(props.comment ? { comment: props.comment } : {}),
  });
  return true;
}
