/** Authorisation, in one place: who may do what in which course. Checked before any command. */
import type { Session } from './session.ts';

export type Action = 'practise' | 'teach';

export function can(session: Session, action: Action, target: { courseId: string }): boolean {
  if (session.courseId !== target.courseId) return false;
  switch (action) {
    case 'practise':
      return true;
    case 'teach':
      return session.role === 'instructor' || session.role === 'admin';
  }
}
