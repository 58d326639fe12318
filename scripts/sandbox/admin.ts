/**
 * What an LMS teacher or administrator does by hand, for tests: a new course with its own people
 * (so a test owns its roster), a member who is suspended or leaves, a grade column deleted under
 * the tool.
 */
import { randomUUID } from 'node:crypto';
import type { SandboxContext } from './context.ts';
import type { Course, Flavour, User } from './types.ts';

export function addCourse(ctx: SandboxContext, flavour: Flavour, p: { title: string; students: number }): Course {
  const store = ctx.store;
  const id = store.nextId();
  const person = (i: number, role: User['role']): User => {
    const uid = store.nextId();
    const given = role === 'teacher' ? 'Teacher' : `Student${i}`;
    const family = `C${id}`;
    return {
      id: uid, sub: flavour === 'canvas' ? randomUUID() : uid, name: `${given} ${family}`, givenName: given, familyName: family,
      email: `${given}.${family}@${flavour}.sandbox.test`.toLowerCase(), loginId: `${given}.${family}`.toLowerCase(), role, changedMs: ctx.now(),
    };
  };
  const course: Course = { id, flavour, title: p.title, label: `T-${id}`, members: [person(0, 'teacher')] };
  for (let i = 1; i <= p.students; i++) course.members.push(person(i, 'student'));
  store.state.courses.push(course);
  store.save();
  return structuredClone(course);
}

export function setMemberStatus(ctx: SandboxContext, courseId: string, userId: string, status: NonNullable<User['status']>): void {
  const u = ctx.store.member(courseId, userId);
  if (!u) throw new Error(`User ${userId} not in course ${courseId}`);
  u.status = status;
  u.changedMs = ctx.now();
  ctx.store.save();
}

/** Adds a grade column to a link as a teacher would (platform-created: any tool of the flavour sees it). */
export function addLineItem(ctx: SandboxContext, courseId: string, p: { resourceLinkId: string; label: string; tag?: string; resourceId?: string }): string {
  const id = ctx.store.nextId();
  ctx.store.state.lineItems.push({ id, courseId, label: p.label, scoreMaximum: 10, resourceLinkId: p.resourceLinkId, isDefault: false, ...(p.tag ? { tag: p.tag } : {}), ...(p.resourceId ? { resourceId: p.resourceId } : {}) });
  ctx.store.save();
  return id;
}

/** Deletes a grade column as a teacher would in the gradebook (even the link's default one). */
export function deleteLineItemByTeacher(ctx: SandboxContext, lineItemId: string): void {
  const state = ctx.store.state;
  state.lineItems = state.lineItems.filter((l) => l.id !== lineItemId);
  state.results = state.results.filter((r) => r.lineItemId !== lineItemId);
  ctx.store.save();
}
