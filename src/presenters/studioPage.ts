/**
 * Shapes the content studio pages: the course's imported questions and resource lists, and the
 * preview of an upload, each question shown the way a student would see it (presentItem, which
 * sanitises HTML) with its proposed skill and the result of the checker's self-test.
 */
import { Types } from 'mongoose';
import { instantiateItem, listSkills, presentItem, resourcesFor } from '../domain/content/index.ts';
import { loadBundledPack, loadPack } from '../repositories/packFiles.ts';
import { ITEM_CLASSES } from '../domain/content/import/common.ts';
import type { StudioUpload } from '../domain/content/import/studio.ts';
import { Course } from '../repositories/models/Course.ts';
import { courseResources, listCourseItems } from '../repositories/courseContent.ts';
import { wordsFor } from '../i18n/index.ts';

export async function studioView(courseId: string) {
  const pack = loadBundledPack();
  const [course, items, resources] = await Promise.all([
    Course.findById(new Types.ObjectId(courseId)).lean(),
    listCourseItems(courseId),
    courseResources(courseId),
  ]);
  const skills = listSkills(pack).map((s) => {
    const own = resources.get(s.id);
    return {
      id: s.id,
      title: s.title,
      own: own !== undefined,
      resources: (own?.resources ?? resourcesFor(pack, s.id)).map((r) => ({ ...r, broken: own?.broken[r.url] })),
    };
  });
  const title = new Map(skills.map((s) => [s.id, s.title]));
  return {
    courseTitle: (course as { title?: string } | null)?.title ?? 'Your course',
    skills,
    items: items.map((i) => ({
      id: i.id,
      skillTitle: title.get(i.skillId) ?? i.skillId,
      source: i.source,
      name: String(i.item.prompt)
        .replace(/<[^>]*>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 120),
    })),
  };
}

/** The preview rows: what the student sees, the proposed skill, the self-check. */
export function previewView(upload: StudioUpload) {
  const skills = listSkills(loadBundledPack()).map((s) => ({ id: s.id, title: s.title }));
  const rows = upload.questions.map((q, index) => {
    const one = loadPack({
      id: 'preview',
      title: 'Preview',
      subject: 'Preview',
      gradeBand: 'any',
      language: 'en',
      licence: 'teacher',
      version: '1.0.0',
      itemClasses: ITEM_CLASSES,
      skills: [{ id: q.proposedSkill, title: 'x', description: 'x' }],
      items: [q.item],
    });
    const shown = presentItem(instantiateItem(one, String(q.item.id), 1), wordsFor('en')); // the studio's pages are in English
    return {
      index,
      name: q.name,
      moodleType: q.moodleType,
      category: q.category || '(no category)',
      proposedSkill: q.proposedSkill,
      checked: q.checked,
      shown,
    };
  });
  return { rows, skills, skipped: upload.skipped, checkedCount: rows.filter((r) => r.checked).length };
}
