/**
 * Shapes a small-group card for "students who share a gap": the students, the skill and what it
 * builds on, the wrong answers the group gave most often (with what each suggests, when the
 * content names the misconception), and three example questions with worked answers to use at
 * the table. The page prints on paper (print stylesheet).
 */
import { Types } from 'mongoose';
import { correctResponse, instantiateItem, listSkills } from '../domain/content/index.ts';
import type { ActivityDoc } from '../repositories/models/Activity.ts';
import { AnswerLog } from '../repositories/models/AnswerLog.ts';
import type { ActivityContext } from '../repositories/activityContext.ts';

const EXAMPLES = 3;
const WRONG_SHOWN = 5;

export async function groupCard(p: {
  courseId: string;
  activity: ActivityDoc;
  ctx: ActivityContext;
  skillId: string;
  students: Array<{ personId: string; name: string }>;
}) {
  const { ctx } = p;
  const info = new Map(listSkills(ctx.pack).map((s) => [s.id, s]));
  const titleOf = (id: string) => info.get(id)?.title ?? id;
  const wrong = p.students.length
    ? await AnswerLog.find(
        {
          courseId: new Types.ObjectId(p.courseId),
          activityId: p.activity._id,
          personId: { $in: p.students.map((s) => new Types.ObjectId(s.personId)) },
          correct: false,
        },
        { itemId: 1, seed: 1, response: 1, skillIds: 1 },
      ).lean()
    : [];
  const counts = new Map<string, { answer: string; count: number; suggests?: string }>();
  for (const w of wrong) {
    if (!(w.skillIds ?? []).includes(p.skillId)) continue;
    const answer = (w.response ?? '').trim();
    if (!answer) continue;
    const entry = counts.get(answer) ?? { answer, count: 0 };
    entry.count++;
    if (!entry.suggests) {
      try {
        const inst = instantiateItem(ctx.pack, w.itemId, w.seed);
        const m = inst.misconceptions.find((x) => x.responses.some((r) => String(r).trim() === answer));
        if (m) entry.suggests = m.feedback;
      } catch {
        // The item is no longer in the course's content: the answer still counts.
      }
    }
    counts.set(answer, entry);
  }
  const examples = ctx.pack.items
    .filter((i) => i.skills.includes(p.skillId))
    .slice(0, EXAMPLES)
    .map((item, i) => {
      const inst = instantiateItem(ctx.pack, item.id, 101 + i);
      const q = inst.question as { prompt?: string };
      const answer = correctResponse(inst.question);
      return {
        prompt: q.prompt ?? item.id,
        answer: typeof answer === 'string' || typeof answer === 'number' ? String(answer) : JSON.stringify(answer),
        steps: inst.solution ?? [],
      };
    });
  return {
    activity: { id: String(p.activity._id), title: p.activity.title || 'Practice' },
    skill: { id: p.skillId, title: titleOf(p.skillId) },
    prerequisites: (info.get(p.skillId)?.prerequisites ?? []).map(titleOf),
    students: p.students,
    wrongAnswers: [...counts.values()].sort((a, b) => b.count - a.count).slice(0, WRONG_SHOWN),
    examples,
  };
}
