/**
 * What an LMS teacher or administrator does by hand, for tests: a new course with its own people
 * (so a test owns its roster), a member who is suspended or leaves, an activity restricted to some
 * students, a grade column deleted under the tool.
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
      id: uid,
      sub: flavour === 'canvas' ? randomUUID() : uid,
      name: `${given} ${family}`,
      givenName: given,
      familyName: family,
      email: `${given}.${family}@${flavour}.sandbox.test`.toLowerCase(),
      loginId: `${given}.${family}`.toLowerCase(),
      role,
      changedMs: ctx.now(),
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

/**
 * Restricts a link to some students (as a Moodle teacher restricts an activity to a group), or
 * opens it to everyone again with `undefined`; every id must be a member of the link's course.
 */
export function setLinkAudience(ctx: SandboxContext, linkId: string, userIds: string[] | undefined): void {
  const link = ctx.store.state.resourceLinks.find((l) => l.id === linkId);
  if (!link) throw new Error(`No resource link ${linkId}`);
  for (const id of userIds ?? []) if (!ctx.store.member(link.courseId, id)) throw new Error(`User ${id} not in course ${link.courseId}`);
  if (userIds) link.audience = [...userIds];
  else delete link.audience;
  ctx.store.save();
}

/** Adds a grade column to a link as a teacher would (platform-created: any tool of the flavour sees it). */
export function addLineItem(
  ctx: SandboxContext,
  courseId: string,
  p: { resourceLinkId: string; label: string; tag?: string; resourceId?: string },
): string {
  const id = ctx.store.nextId();
  ctx.store.state.lineItems.push({
    id,
    courseId,
    label: p.label,
    scoreMaximum: 10,
    resourceLinkId: p.resourceLinkId,
    isDefault: false,
    ...(p.tag ? { tag: p.tag } : {}),
    ...(p.resourceId ? { resourceId: p.resourceId } : {}),
  });
  ctx.store.save();
  return id;
}

/**
 * Copies a course as an LMS course copy does: new course and link ids, the same people, links and
 * custom parameters, each new link remembering the one it came from; no grades.
 */
export function copyCourse(ctx: SandboxContext, courseId: string): { course: Course; links: Record<string, string> } {
  const store = ctx.store;
  const from = store.course(courseId);
  if (!from) throw new Error(`No course ${courseId}`);
  const id = store.nextId();
  const course: Course = { ...structuredClone(from), id, title: `${from.title} (copy)`, history: [from.id, ...(from.history ?? [])] };
  store.state.courses.push(course);
  const links: Record<string, string> = {};
  for (const l of store.state.resourceLinks.filter((x) => x.courseId === from.id)) {
    const copy = {
      ...structuredClone(l),
      id: from.flavour === 'canvas' ? randomUUID() : store.nextId(),
      courseId: id,
      history: [l.id, ...(l.history ?? [])],
      createdAt: new Date(ctx.now()).toISOString(),
    };
    store.state.resourceLinks.push(copy);
    links[l.id] = copy.id;
  }
  store.save();
  return { course: structuredClone(course), links };
}

/** Deletes a grade column as a teacher would in the gradebook (even the link's default one). */
export function deleteLineItemByTeacher(ctx: SandboxContext, lineItemId: string): void {
  const state = ctx.store.state;
  state.lineItems = state.lineItems.filter((l) => l.id !== lineItemId);
  state.results = state.results.filter((r) => r.lineItemId !== lineItemId);
  ctx.store.save();
}

/** A teacher changes a student's grade in the gradebook by hand (an override the tool did not send). */
export function overrideResult(ctx: SandboxContext, lineItemId: string, userSub: string, resultScore: number): void {
  const r = ctx.store.state.results.find((x) => x.lineItemId === lineItemId && x.userSub === userSub);
  if (!r) throw new Error(`No result for ${userSub} in line item ${lineItemId}`);
  r.resultScore = resultScore;
  ctx.store.save();
}
