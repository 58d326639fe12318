/** Records an activity score for a student's gradebook column (see gradeRecorder for the rules). */
import { Types } from 'mongoose';
import { Course } from '../repositories/models/Course.ts';
import { Person } from '../repositories/models/Person.ts';
import { Registration } from '../repositories/models/Registration.ts';
import { gradeRecorder } from './gradeRecorder.ts';

export async function scoreRecorder(props: {
  activity: { _id: Types.ObjectId; courseId: Types.ObjectId; lineItemUrl: string };
  personId: string;
  score: number;
  complete: boolean;
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
    lineItemUrl: props.activity.lineItemUrl,
    userSub: person.sub,
    scoreGiven: props.score,
    scoreMaximum: 1,
    activityProgress: props.complete ? 'Completed' : 'InProgress',
  });
  return true;
}
