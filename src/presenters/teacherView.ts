/**
 * Shapes the teacher's class overview for one activity: students × skills as a heatmap whose
 * cells carry a symbol and words (never colour alone), students who need attention first with
 * their flags in plain words and a suggestion, class figures, and groups of students who share a
 * gap. Students come from launches and from the LMS roster (NRPS): those who never opened
 * Pathwise are listed as not started (for this activity: those who can see it, when the LMS says;
 * teacherClass.ts); those who left or are inactive are marked and kept out of
 * class figures. Rows are paged (attention first) so a class of thousands stays a small page.
 * Says in plain words when grades cannot reach the LMS or the roster is not available.
 */
import { Types } from 'mongoose';
import { listSkills } from '../domain/content/index.ts';
import { Activity, type ActivityDoc } from '../repositories/models/Activity.ts';
import { Course } from '../repositories/models/Course.ts';
import { rejectedInCourse } from '../repositories/gradeEventRepository.ts';
import { storedProgressRows } from '../repositories/classSummary.ts';
import { digestsOf, nameRanks, PREVIEW, stateOf, type StudentDigest } from './overviewDigest.ts';
import { gradesCanFlow, SCOPES } from '../lti/index.ts';
import {
  attentionFor,
  CELL_LEGEND,
  cellStatus,
  sureWords,
  type Attention,
  type CellStatus,
  type StudentState,
} from '../domain/policy/index.ts';
import { activityContext } from '../repositories/activityContext.ts';
import { classOf } from './teacherClass.ts';

export { classOf, rosterKeyOf } from './teacherClass.ts';

/** Rows per page of the overview: the students who need attention come first. */
export const PAGE_SIZE = 100;
const WEEK_MS = 7 * 86_400_000;

const SYMBOL = new Map(CELL_LEGEND.map((l) => [l.status, l]));

export interface OverviewCell {
  status: CellStatus;
  symbol: string;
  /** What a screen reader says, e.g. "In progress, Pathwise is 40% sure". */
  words: string;
  percent?: number;
}

export interface OverviewRow {
  personId?: string;
  /** For a roster student who never opened Pathwise: the key of their page (rosterKeyOf). */
  rosterKey?: string;
  name: string;
  started: boolean;
  counted: boolean;
  mastered: number;
  standing?: string;
  attention: Array<Attention & { skill?: string }>;
  cells: OverviewCell[];
}

export interface OverviewGroup {
  skillId: string;
  skill: string;
  prerequisites: string[];
  students: Array<{ personId: string; name: string }>;
}

/** The activity a teacher asked for (or the first), scoped to the course. */
export async function activityOf(courseId: string, activityId?: string): Promise<{ all: ActivityDoc[]; chosen?: ActivityDoc }> {
  const all = await Activity.find({ courseId: new Types.ObjectId(courseId) })
    .sort({ createdAt: 1 })
    .lean<ActivityDoc[]>();
  return { all, chosen: all.find((a) => String(a._id) === activityId) ?? all[0] };
}

/**
 * The overview of one activity. `cells: 'page'` builds the heatmap cells of the rows shown only
 * (the page and its live refresh); the default builds them for every row (the CSV).
 */
export async function teacherView(courseId: string, opts: { activityId?: string; page?: number; now?: Date; cells?: 'all' | 'page' } = {}) {
  const cid = new Types.ObjectId(courseId);
  const nowDate = opts.now ?? new Date();
  const now = nowDate.toISOString();
  const [course, [{ all, chosen }, klass], failed] = await Promise.all([
    Course.findById(cid).lean(),
    // The class of the chosen activity: never-launched students from its link's roster when there is one.
    activityOf(courseId, opts.activityId).then(async (a) => [a, await classOf(courseId, a.chosen?.resourceLinkId)] as const),
    rejectedInCourse(courseId),
  ]);
  const common = {
    courseTitle: course?.title || 'Course',
    rosterNotice: !course?.nrpsUrl
      ? 'Your LMS does not share the class list with Pathwise, so only students who have opened Pathwise are listed. To list everyone, turn on the Names and Role Provisioning service for Pathwise (Moodle: the tool’s “IMS LTI Names and Role Provisioning” setting; Canvas: the developer key’s names-and-roles scope).'
      : klass.roster?.lastError
        ? 'The class list could not be fetched from your LMS just now, so students who never opened Pathwise may be missing. It is tried again automatically.'
        : undefined,
    failedGrades: failed.map((g) => ({ status: g.lastStatus ?? 0, reason: (g.lastError ?? '').slice(0, 200) })),
    activities: all.map((a) => ({ id: String(a._id), title: a.title || 'Practice', chosen: a === chosen })),
    legend: CELL_LEGEND,
  };
  if (!chosen) return { ...common, activity: undefined };

  const ctx = await activityContext(chosen);
  const info = new Map(listSkills(ctx.pack).map((s) => [s.id, s]));
  const titleOf = (id: string) => info.get(id)?.title ?? id;
  // Each student's state in this activity, from the activity's summary (read by _id, kept on every
  // progress write), digested once per stored row (overviewDigest.ts).
  const stored = await storedProgressRows(courseId, String(chosen._id));
  const digests = await digestsOf(String(chosen._id), stored, ctx, titleOf, nowDate);
  const skills = ctx.activitySkills.map((id, i) => ({ id, title: titleOf(id), n: i + 1, mastered: 0 }));
  const gaps = new Map<string, Array<{ personId: string; name: string }>>();
  let activeThisWeek = 0;
  const wouldCount = PREVIEW.map(() => 0);
  let started = 0;
  let counted = 0;
  let needAttention = 0;
  const notStarted = attentionFor(ctx.pack, undefined, [], now);

  /** A row's cells, with a symbol and words each (only for the rows shown, unless all are asked for). */
  const cellsOf = (state: StudentState | undefined) =>
    skills.map((sk): OverviewCell => {
      const status = cellStatus(ctx.pack, state, sk.id, ctx.activitySkills, now);
      const l = SYMBOL.get(status)!;
      if (status === 'in-progress') {
        const percent = Math.round((state?.skills[sk.id]?.pMastered ?? 0) * 100);
        return { status, symbol: l.symbol, words: `In progress, ${sureWords(percent / 100)}`, percent };
      }
      return { status, symbol: l.symbol, words: l.words };
    });

  const studentOf = new Map<OverviewRow, StudentDigest | undefined>();
  let rows: OverviewRow[] = klass.students.map((st) => {
    const p = st.personId ? digests.get(st.personId) : undefined;
    const d = p?.digest;
    const isCounted = !st.standing;
    if (isCounted) counted++;
    // A cell says "mastered" or "due for a review" exactly when the skill is mastered (cellStatus).
    if (isCounted && d) {
      started++;
      for (const i of d.mastered) skills[i]!.mastered++;
      // The preview: a skill mastered now stays mastered; one whose estimate reaches a lower bar would count.
      d.preview.forEach((n, i) => (wouldCount[i]! += n));
      if (nowDate.getTime() - d.lastActive < WEEK_MS) activeThisWeek++;
    }
    const attention = st.standing ? [] : d ? d.attention : notStarted;
    if (st.personId && d) {
      for (const a of attention) {
        if (!a.skillId || a.kind === 'inactive') continue;
        const group = gaps.get(a.skillId);
        if (group) group.push({ personId: st.personId, name: st.name });
        else gaps.set(a.skillId, [{ personId: st.personId, name: st.name }]);
      }
    }
    const row: OverviewRow = {
      name: st.name,
      started: Boolean(d),
      counted: isCounted,
      mastered: d?.mastered.length ?? 0,
      attention,
      cells: [],
    };
    if (st.personId) row.personId = st.personId;
    if ('rosterKey' in st && st.rosterKey) row.rosterKey = st.rosterKey;
    if (st.standing) row.standing = st.standing;
    if (isCounted && attention.some((a) => a.kind !== 'not-started')) needAttention++;
    studentOf.set(row, p);
    return row;
  });

  // Attention first (the most serious flag, then how many), then names; those who left go last.
  const weight = (r: OverviewRow) => (r.counted ? 1 : -10) + Math.max(0, ...r.attention.map((a) => a.weight)) * 10 + r.attention.length;
  const ranks = nameRanks(rows.map((r) => r.name));
  const w = rows.map(weight);
  const n = rows.map((r) => ranks.get(r.name)!);
  const order = rows.map((_, i) => i).sort((a, b) => w[b]! - w[a]! || n[a]! - n[b]!);
  rows = order.map((i) => rows[i]!);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const page = Math.min(Math.max(1, opts.page ?? 1), pages);
  const shown = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  for (const r of opts.cells === 'page' ? shown : rows) {
    const d = studentOf.get(r);
    r.cells = cellsOf(d && stateOf(d));
  }

  return {
    ...common,
    activity: {
      id: String(chosen._id),
      title: chosen.title || 'Practice',
      gradingMode: chosen.gradingMode ?? 'mastery',
      masteryThreshold: chosen.masteryThreshold ?? 0.95,
      masteryWords: `A skill counts as mastered when ${sureWords(chosen.masteryThreshold ?? 0.95)} the student has learned it.`,
      gradesNotice: gradesNotice(chosen),
      skills,
      figures: { counted, started, notStarted: counted - started, activeThisWeek, needAttention },
      preview: PREVIEW.map((t, i) => ({
        percent: Math.round(t * 100),
        mastered: wouldCount[i]!,
        current: Math.abs(t - (chosen.masteryThreshold ?? 0.95)) < 1e-9,
      })),
      masteredNow: skills.reduce((n, k) => n + k.mastered, 0),
      rows: shown,
      /** Every row, attention first; with `cells: 'page'`, only the rows shown have their cells. */
      allRows: rows,
      page,
      pages,
      total: rows.length,
      groups: [...gaps]
        .filter(([, students]) => students.length >= 2)
        .map(([skillId, students]): OverviewGroup => ({
          skillId,
          skill: titleOf(skillId),
          prerequisites: (info.get(skillId)?.prerequisites ?? []).map(titleOf),
          students,
        })),
    },
  };
}

export type TeacherView = Awaited<ReturnType<typeof teacherView>>;

/** Plain words for a teacher when an activity's grades cannot reach the gradebook, and what to change. */
export function gradesNotice(a: {
  agsScopes?: string[] | null;
  lineItemUrl?: string | null;
  lineItemsUrl?: string | null;
  resolvedLineItemUrl?: string | null;
  goneLineItemUrls?: string[] | null;
  resourceLinkId: string;
  courseId: unknown;
  _id: unknown;
}): string | undefined {
  if (gradesCanFlow(a)) return undefined;
  const scopes = a.agsScopes ?? [];
  if (scopes.length === 0 && !a.lineItemsUrl && !a.lineItemUrl) {
    return 'Grades from this activity cannot reach your LMS gradebook: the LMS did not give Pathwise a grade column. In Moodle, set the tool’s “IMS LTI Assignment and Grade Services” to “Use this service for grade sync and column management”; in Canvas, make it a graded assignment and give the developer key the score scopes. Students can still practise.';
  }
  if (!scopes.includes(SCOPES.score)) {
    return 'Grades from this activity cannot reach your LMS gradebook: the LMS did not allow Pathwise to send scores. An LMS administrator should grant the “score” permission (AGS score scope) to Pathwise. Students can still practise.';
  }
  return 'Grades from this activity cannot reach your LMS gradebook: the LMS gave no grade column and did not allow Pathwise to create one. In the LMS, add a grade item for this activity or grant Pathwise the line item permission. Students can still practise.';
}
