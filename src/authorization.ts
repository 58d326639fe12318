/** Authorisation, in one place: who may do what in which course. Checked before any command. */
import type { Session } from './session.ts';

export type Action = 'practise' | 'teach';

/**
 * Least privilege: a session acts only in its own course; a learner's session opens only the
 * activity it was launched into (a link to another activity needs its own launch). Observers and
 * mentors never get a session (refused at launch).
 */
export function can(session: Session, action: Action, target: { courseId: string; activityId?: string }): boolean {
  if (session.courseId !== target.courseId) return false;
  switch (action) {
    case 'practise':
      return session.role !== 'learner' || (session.activityId !== undefined && session.activityId === target.activityId);
    case 'teach':
      return session.role === 'instructor' || session.role === 'admin';
  }
}
