/**
 * Every template and the shape of the data it is given, in one map: `render(res, 'practice',
 * model)` does not compile when a route passes a template something it does not expect. Routes
 * and the LTI adapter render through this function only (a lint rule refuses `res.render`
 * elsewhere), so the map is the whole list of pages.
 */
import type { Response } from 'express';
import type { deepLinkChoices } from '../commands/deepLinkBuilder.ts';
import type { STUDIO_LIMITS } from '../domain/content/import/studio.ts';
import type { ContentImportError } from '../domain/content/index.ts';
import type { practicePage } from './practicePage.ts';
import type { previewView, studioView } from './studioPage.ts';
import type { groupCard } from './teacherGroupCard.ts';
import type { GradebookCheckView } from './teacherGradebook.ts';
import type { teacherStudentView } from './teacherStudentView.ts';
import type { teacherView } from './teacherView.ts';

/** The error page (and its JSON twin): what went wrong and what to do, never internals. */
export interface ErrorView {
  status: number;
  code: string;
  message: string;
  hint?: string;
  requestId: string;
  /** Where a page that must leave the LMS frame can be opened in a new window. */
  newWindowUrl?: string;
  /** A student's error page: its language and the page's own words (src/i18n/errorPage.ts); English without. */
  lang?: string;
  labels?: { title: string; newWindow: string; details: string };
}

/** What every teacher page carries: the session token for its links and forms, and the course. */
interface TeacherPage {
  token: string;
  courseId: string;
}

/** What a teacher's change said, with its Undo (post-redirect-get). */
interface TeacherNotice {
  text: string;
  back: string;
  undoId?: { toString(): string } | undefined;
}

type Overview = Awaited<ReturnType<typeof teacherView>>;

export interface Views {
  error: ErrorView;
  home: { publicUrl: string };
  ended: { lang: string; title: string; body: string };
  practice: ReturnType<typeof practicePage>;
  teacher: TeacherPage & { notice: TeacherNotice | undefined } & Overview;
  'teacher/rows': TeacherPage & { a: NonNullable<Overview['activity']> };
  'teacher/student': TeacherPage & { notice: TeacherNotice | undefined } & Awaited<ReturnType<typeof teacherStudentView>>;
  'teacher/group': TeacherPage & Awaited<ReturnType<typeof groupCard>>;
  'teacher/gradebook': TeacherPage & GradebookCheckView & { sentNow?: number };
  'teacher/not-started': TeacherPage & {
    student: { name: string; standing?: string | undefined };
    activity: { id: string; title: string };
    skills: string[];
  };
  'studio/index': TeacherPage & { notice: string; limits: typeof STUDIO_LIMITS } & Awaited<ReturnType<typeof studioView>>;
  'studio/preview': TeacherPage & { source: string; problems: ContentImportError['problems']; upload: string } & ReturnType<
      typeof previewView
    >;
  'lti/registered': { platform: string; clientId: string; deploymentId: string; noGrades: boolean; narrowed: string[] };
  'lti/deeplink': { ltik: string; acceptMultiple: boolean } & ReturnType<typeof deepLinkChoices>;
  'lti/deeplinkReturn': { returnUrl: string; jwt: string; message: string };
  /** LTI client-side storage: store (login) or read back (launch) state and nonce (lti/clientStorage.ts). */
  'lti/storage': {
    mode: 'put' | 'get';
    target: string;
    origin: string;
    /** JSON: [{ key, value }] to store, or [{ key, field }] to read into a form field. */
    entries: string;
    continueUrl: string;
    fields: [string, string][];
    newWindowUrl: string | undefined;
  };
}

export function render<V extends keyof Views>(res: Response, view: V, model: Views[V]): void {
  res.render(view, model);
}
