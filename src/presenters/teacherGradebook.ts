/**
 * The gradebook check of one activity, in a teacher's words: for each student, the score Pathwise
 * holds, what the LMS gradebook holds (read back through AGS results, only when the teacher opens
 * the check), and whether they match. Students whose grades differ come first, each with what
 * Pathwise will do about it (send it again by itself, the LMS's refusal, or nothing until the
 * teacher asks). When the comparison cannot be made (no grade column, no permission to read the
 * gradebook, the LMS failing or slow), one plain message says why and what to change.
 */
import { Types } from 'mongoose';
import { compareWithLms, type GradebookComparison } from '../lti/results.ts';
import type { AgsClient } from '../lti/ags.ts';
import { currentLineItem, gradesCanFlow } from '../lti/index.ts';
import { gradebookLearners, type GradebookLearner } from '../repositories/gradebook.ts';
import type { ActivityDoc } from '../repositories/models/Activity.ts';
import { Course } from '../repositories/models/Course.ts';
import { classOf, gradesNotice, rosterKeyOf } from './teacherView.ts';

/** The longest a teacher waits for the LMS before the page says it did not answer (tests shorten it). */
export const gradebookTiming = { lmsWaitMs: 12_000 };
/** Fractions closer than this are the same grade (LMSs round to two decimals). */
const SAME = 0.005;

export type GradeState = 'refused' | 'differs' | 'queued' | 'match' | 'nothing-yet' | 'lms-only';

export interface GradebookRowView {
  name: string;
  /** For a student whose grade the teacher may send again. */
  personId?: string;
  /** Ticked to send again from the start: only a grade missing in the LMS, never one changed there. */
  ticked?: boolean;
  pathwise: string;
  lms: string;
  state: GradeState;
  /** What this means and what Pathwise will do, in plain words. */
  words: string;
}

export interface GradebookCheckView {
  courseTitle: string;
  activity: { id: string; title: string };
  /** Why there is no comparison, and what to change; absent when the gradebook was read. */
  problem: { text: string; hint: string } | undefined;
  needLook: GradebookRowView[];
  matching: GradebookRowView[];
  other: GradebookRowView[];
  /** Students the teacher can tick to send Pathwise's grade again. */
  resendable: number;
  refused: number;
}

const percent = (x: number) => `${Math.round(x * 100)}%`;
const ORDER: GradeState[] = ['refused', 'differs', 'queued', 'match', 'nothing-yet', 'lms-only'];

/** Plain words for an LMS that could not be read. */
export function failureWords(f: Extract<GradebookComparison, { status: 'failed' }>): { text: string; hint: string } {
  const meanwhile = 'Grades keep being sent to the LMS meanwhile.';
  if (f.timedOut) {
    return {
      text: 'Your LMS did not answer in time, so Pathwise cannot show what its gradebook holds right now.',
      hint: `Check again in a minute. ${meanwhile}`,
    };
  }
  if (f.httpStatus === 401 || f.httpStatus === 403) {
    return {
      text: `Your LMS did not let Pathwise read its gradebook (it answered ${f.httpStatus}).`,
      hint: `Ask an LMS administrator to check that Pathwise’s registration is still active and may read results (the AGS “result” permission), then check again. ${meanwhile}`,
    };
  }
  if (f.httpStatus && f.httpStatus >= 500) {
    return {
      text: `Your LMS had a problem answering (it answered ${f.httpStatus}). The problem is on the LMS’s side.`,
      hint: `Check again later. ${meanwhile}`,
    };
  }
  return {
    text: 'Pathwise could not read your LMS gradebook just now.',
    hint: `Check again in a few minutes; if it keeps failing, tell your LMS administrator. ${meanwhile}`,
  };
}

function unavailableWords(reason: 'no_result_scope' | 'no_line_item'): { text: string; hint: string } {
  if (reason === 'no_result_scope') {
    return {
      text: 'Your LMS does not allow Pathwise to read its gradebook, so this check cannot be made. Grades are still sent.',
      hint: 'To turn the check on, an LMS administrator grants Pathwise the permission to read results (AGS scope “result.readonly”). In Moodle: the tool’s “IMS LTI Assignment and Grade Services” set to one of the grade sync options. In Canvas: the developer key’s scope “Can view submission data for assignments”.',
    };
  }
  return {
    text: 'Pathwise has no grade column in your LMS for this activity yet, so there is nothing to compare.',
    hint: 'Pathwise finds or creates the column when the first grade is sent: check again after a student has answered.',
  };
}

function learnerRow(l: GradebookLearner, name: string, lms: number | undefined): GradebookRowView {
  const base = { name, pathwise: percent(l.score), lms: lms === undefined ? 'No grade' : percent(lms) };
  if (lms !== undefined && Math.abs(lms - l.score) <= SAME) return { ...base, state: 'match', words: 'Matches.' };
  if (lms === undefined && l.score === 0 && l.answered === 0 && !l.outbox) {
    return { ...base, state: 'nothing-yet', words: 'Has not answered yet: there is no grade to send.' };
  }
  if (l.outbox?.status === 'rejected') {
    const why = (l.outbox.lastError ?? '').slice(0, 200) || 'no reason given';
    const code = l.outbox.lastStatus ? ` (it answered ${l.outbox.lastStatus})` : '';
    return {
      ...base,
      state: 'refused',
      words: `The LMS refused this grade${code}: ${why}. Fix it in the LMS, then send the refused grades again.`,
    };
  }
  if (l.outbox) {
    return {
      ...base,
      state: 'queued',
      words:
        l.outbox.attempts > 0
          ? `Will be sent again automatically: the LMS did not take it last time${l.outbox.lastStatus ? ` (it answered ${l.outbox.lastStatus})` : ''}.`
          : 'Will be sent automatically in a moment.',
    };
  }
  return {
    ...base,
    personId: l.personId,
    ticked: lms === undefined,
    state: 'differs',
    words:
      lms === undefined
        ? 'The LMS gradebook has no grade for this student. Pathwise does not send it again on its own: it is ticked to be sent.'
        : 'The LMS holds a different grade, probably changed in the LMS. Pathwise does not overwrite it on its own: tick the student to send Pathwise’s grade instead.',
  };
}

/** Reads the LMS gradebook for the activity (when it can be read) and lays out the check. */
export async function gradebookCheck(p: {
  courseId: string;
  activity: ActivityDoc;
  ags: Pick<AgsClient, 'results'> | undefined;
}): Promise<GradebookCheckView> {
  const { activity } = p;
  const course = await Course.findById(new Types.ObjectId(p.courseId), { title: 1, issuer: 1, clientId: 1 }).lean();
  const view: GradebookCheckView = {
    courseTitle: course?.title || 'Course',
    activity: { id: String(activity._id), title: activity.title || 'Practice' },
    problem: undefined,
    needLook: [],
    matching: [],
    other: [],
    resendable: 0,
    refused: 0,
  };
  if (!course)
    return { ...view, problem: { text: 'This course is no longer known to Pathwise.', hint: 'Open Pathwise again from the course.' } };
  const notice = gradesNotice(activity);
  if (!gradesCanFlow(activity) && notice) {
    return { ...view, problem: { text: 'There is no LMS gradebook to compare with.', hint: notice } };
  }
  const [learners, klass] = await Promise.all([gradebookLearners(p.courseId, String(activity._id)), classOf(p.courseId)]);
  const sent = learners.map((l) => ({ userSub: l.sub, scoreGiven: l.score, scoreMaximum: 1 }));
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<GradebookComparison>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'failed', detail: 'no answer in time', timedOut: true }), gradebookTiming.lmsWaitMs);
  });
  const read: GradebookComparison = p.ags
    ? await Promise.race([
        compareWithLms(p.ags, {
          issuer: course.issuer,
          clientId: course.clientId,
          lineItemUrl: currentLineItem(activity),
          agsScopes: activity.agsScopes,
          sent,
        }),
        slow,
      ]).finally(() => clearTimeout(timer))
    : { status: 'failed', detail: 'no AGS client' };
  clearTimeout(timer); // also when no AGS client was given
  if (read.status === 'unavailable') return { ...view, problem: unavailableWords(read.reason) };
  if (read.status === 'failed') return { ...view, problem: failureWords(read) };

  const bySub = new Map(learners.map((l) => [l.sub, l]));
  const names = new Map<string, string>();
  for (const st of klass.students) {
    if (st.personId) names.set(st.personId, st.name);
    if ('rosterKey' in st && st.rosterKey) names.set(st.rosterKey, st.name);
  }
  const rows = read.rows.map((r): GradebookRowView => {
    const l = bySub.get(r.userSub);
    if (l) return learnerRow(l, names.get(l.personId) ?? `Student ${l.personId.slice(-4)}`, r.lms);
    return {
      name: names.get(rosterKeyOf(p.courseId, r.userSub)) ?? 'Someone who has not opened Pathwise',
      pathwise: 'Not opened',
      lms: r.lms === undefined ? 'No grade' : percent(r.lms),
      state: 'lms-only',
      words: 'The LMS holds a grade Pathwise did not send; Pathwise leaves it alone.',
    };
  });
  rows.sort((a, b) => ORDER.indexOf(a.state) - ORDER.indexOf(b.state) || a.name.localeCompare(b.name));
  for (const r of rows) {
    if (r.state === 'match') view.matching.push(r);
    else if (r.state === 'nothing-yet' || r.state === 'lms-only') view.other.push(r);
    else view.needLook.push(r);
  }
  view.resendable = rows.filter((r) => r.state === 'differs').length;
  view.refused = rows.filter((r) => r.state === 'refused').length;
  return view;
}
