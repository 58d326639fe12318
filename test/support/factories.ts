/** Test factories: launch someone from a sandbox course, answer questions, read the page. */
import { LtiClient, parseForms, type LaunchOptions, type LaunchResult, type ParsedForm } from './ltiClient.ts';
import { stack } from './stack.ts';
import type { FormResponse } from './answers.ts';
import type { Course, Flavour, ResourceLink, User } from '../../scripts/sandbox/index.ts';

export type Who = 'teacher' | { student: number };

export async function personOf(flavour: Flavour, who: Who) {
  const s = await stack();
  const info = s.sandbox.flavours[flavour];
  const userId = who === 'teacher' ? info.teacherId : info.studentIds[who.student];
  if (!userId) throw new Error(`no such user in the ${flavour} sandbox`);
  const user = s.sandbox.users(info.courseId).find((u) => u.id === userId);
  if (!user) throw new Error(`user ${userId} not found`);
  return { info, user };
}

/**
 * The stack's own registration of the flavour (its first). Launches name it: the sandbox's default
 * is the most recent registration, which a registration test adds, so a launch that did not name
 * it would change registration (and Pathwise person) depending on which tests ran before.
 */
export async function mainClientId(flavour: Flavour): Promise<string> {
  const s = await stack();
  return s.sandbox.registrations().find((r) => r.flavour === flavour)!.clientId;
}

/** A complete launch through the real OIDC redirects, in a cross-site iframe of the course page. */
export async function launchAs(
  flavour: Flavour,
  who: Who,
  opts: Partial<LaunchOptions> & { client?: LtiClient; resourceLinkId?: string } = {},
): Promise<LaunchResult & { client: LtiClient }> {
  const s = await stack();
  const { info, user } = await personOf(flavour, who);
  const client = opts.client ?? new LtiClient();
  const resourceLinkId = opts.resourceLinkId ?? s.sandbox.resourceLinks(info.courseId)[0]?.id;
  const launchUrl = s.sandbox.launchUrl({
    flavour,
    courseId: info.courseId,
    userId: user.id,
    clientId: await mainClientId(flavour),
    ...(resourceLinkId ? { resourceLinkId } : {}),
  });
  const result = await client.launch({ sandboxUrl: s.sandboxUrl, ...opts, launchUrl });
  return { ...result, client };
}

/**
 * A course the test owns in the sandbox: its own teacher and students and one graded practice
 * link, so no other test's answers or settings are on its people's pages.
 */
export async function ownCourse(
  flavour: Flavour,
  p: { title?: string; students?: number; skills?: string } = {},
): Promise<{
  course: Course;
  link: ResourceLink;
  /** The registration every link of this course launches. */
  clientId: string;
  member: (who: Who) => User;
  launch: (
    who: Who,
    opts?: Partial<LaunchOptions> & { client?: LtiClient; resourceLinkId?: string },
  ) => Promise<LaunchResult & { client: LtiClient }>;
}> {
  const s = await stack();
  const title = p.title ?? `Own ${flavour} ${Math.random().toString(36).slice(2, 8)}`;
  const course = s.sandbox.addCourse(flavour, { title, students: p.students ?? 3 });
  // Pinned to the stack's own registration of the flavour: other tests register more tools, and
  // the course page (first tool) and a launch URL (latest tool) would otherwise pick different ones.
  const clientId = await mainClientId(flavour);
  const link = s.sandbox.addResourceLink(course.id, {
    clientId,
    title: `${title} practice`,
    custom: { skills: p.skills ?? 'fraction-meaning' },
    lineItem: { label: `${title} practice`, scoreMaximum: 10 },
  });
  // Member 0 is the teacher; students are 1..n (`{ student: 0 }` is the first student).
  const member = (who: Who) => course.members[who === 'teacher' ? 0 : who.student + 1]!;
  const launch = async (who: Who, opts: Partial<LaunchOptions> & { client?: LtiClient; resourceLinkId?: string } = {}) => {
    const client = opts.client ?? new LtiClient();
    const resourceLinkId = opts.resourceLinkId ?? link.id;
    const launchUrl = s.sandbox.launchUrl({ flavour, courseId: course.id, userId: member(who).id, resourceLinkId });
    return { ...(await client.launch({ sandboxUrl: s.sandboxUrl, ...opts, launchUrl })), client };
  };
  return { course, link, clientId, member, launch };
}

/**
 * Opens the Deep Linking picker (the LMS's "add an activity") as a teacher, through the stack's own
 * registration of the flavour (other tests register more tools). Defaults to the sandbox's
 * standing course and its teacher; pass an `ownCourse()`'s course and teacher to own the links made.
 */
export async function openDeepLinkPicker(
  flavour: Flavour,
  opts: { courseId?: string; userId?: string; client?: LtiClient } = {},
): Promise<{
  client: LtiClient;
  picker: LaunchResult;
  /** The picker's form (undefined when the page is not the picker). */
  form: ParsedForm | undefined;
  /** Absolute URL the form posts to. */
  action: string;
  /** The first skill the picker offers. */
  skill: string | undefined;
}> {
  const s = await stack();
  const { info, user } = await personOf(flavour, 'teacher');
  const client = opts.client ?? new LtiClient();
  const launchUrl = s.sandbox.launchUrl({
    flavour,
    courseId: opts.courseId ?? info.courseId,
    userId: opts.userId ?? user.id,
    messageType: 'LtiDeepLinkingRequest',
    clientId: await mainClientId(flavour),
  });
  const picker = await client.launch({ launchUrl, sandboxUrl: s.sandboxUrl });
  const form = parseForms(picker.html).find((f) => f.action.endsWith('/lti/deeplink'));
  const skill = /name="skills" value="([^"]+)"/.exec(picker.html)?.[1];
  return { client, picker, form, action: new URL(form?.action ?? '/lti/deeplink', s.toolUrl).toString(), skill };
}

export interface QuestionForm {
  action: string;
  fields: Record<string, string>;
  input: string;
  itemId: string;
}

/** Reads the question form of a practice page. */
export function questionOf(html: string): QuestionForm {
  const form = parseForms(html).find((f) => f.action.includes('/answer'));
  if (!form) throw new Error(`no question on the page: ${html.slice(0, 500)}`);
  const input = /data-input="([^"]+)"/.exec(html)?.[1] ?? '';
  const itemId = /data-item="([^"]+)"/.exec(html)?.[1] ?? '';
  return { action: form.action, fields: form.fields, input, itemId };
}

export function textOf(html: string, testId: string): string | undefined {
  const m = new RegExp(`data-testid="${testId}"[^>]*>([\\s\\S]*?)<`).exec(html);
  return m?.[1]?.trim();
}

/** Submits an answer to the question on `html`: one value, or form fields (shading, ordering, matching). */
export async function answer(client: LtiClient, pageUrl: string, html: string, response: string | FormResponse) {
  const q = questionOf(html);
  const url = new URL(q.action, pageUrl).toString();
  return client.postForm(url, { ...q.fields, ...(typeof response === 'string' ? { response } : response) }, {});
}
