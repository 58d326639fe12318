/** Studio test helpers: axe-core run inside a frame, and clean-up of a course's own content. */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { Types } from 'mongoose';
import type { Frame } from 'playwright-core';
import { CourseContent } from '../../src/repositories/models/CourseContent.ts';
import { removeCourseItem } from '../../src/repositories/courseContent.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Violations axe-core finds in the frame's page (evaluated through the DevTools protocol, so the page's CSP still holds for the page itself). */
export async function axeViolations(frame: Frame): Promise<string[]> {
  await frame.evaluate(axeSource);
  const result = await frame.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe;
    const r = await axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
  return result;
}

/** Removes every question and resource list a test added to a course (the course itself stays). */
export async function clearCourseContent(courseId: string): Promise<void> {
  const docs = await CourseContent.find({ courseId: new Types.ObjectId(courseId) }).lean();
  for (const d of docs) if (d.kind === 'item') await removeCourseItem(courseId, d.key);
  await CourseContent.deleteMany({ courseId: new Types.ObjectId(courseId) });
}
