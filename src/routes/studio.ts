/**
 * The content studio (teachers only): upload a Moodle XML or GIFT file (or paste GIFT), preview
 * it, choose each question's skill, confirm; manage each skill's resources. Thin: reading and
 * checking live in domain/content/import/studio.ts, storage in repositories/courseContent.ts.
 */
import express from 'express';
import multer from 'multer';
import { z } from 'zod';
import { ContentImportError } from '../domain/content/index.ts';
import { loadBundledPack } from '../repositories/packFiles.ts';
import { prepareUpload, STUDIO_LIMITS, withCourseContent } from '../domain/content/import/studio.ts';
import { ForbiddenError, ValidationError } from '../errors.ts';
import { can } from '../authorization.ts';
import { previewView, studioView } from '../presenters/studioPage.ts';
import { courseResources, removeCourseItem, setSkillResources } from '../repositories/courseContent.ts';
import { confirmDraft, DRAFT_ID, loadDraft, saveDraft } from '../repositories/studioUploads.ts';
import type { SessionSigner } from '../session.ts';
import { idParam, sessionFrom } from './practice.ts';
import { resourceChange } from './studioResources.ts';
import { checkLinks, refuseUnsafeLink } from '../commands/studioLinks.ts';
import { render } from '../presenters/views.ts';

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: STUDIO_LIMITS.bytes, files: 1, fields: 5, fieldSize: STUDIO_LIMITS.bytes },
});
const previewBody = z.object({
  s: z.string().min(1).max(2048),
  format: z.enum(['moodle-xml', 'gift']),
  pasted: z.string().max(STUDIO_LIMITS.bytes).optional(),
});
const confirmBody = z
  .object({
    s: z.string().min(1).max(2048),
    upload: z.string().regex(DRAFT_ID),
    include: z.union([z.string(), z.array(z.string()).max(STUDIO_LIMITS.questions)]).optional(),
  })
  .passthrough();

export function studioRouter(deps: { sessions: SessionSigner }) {
  const router = express.Router();
  // Studio URLs carry the session token: never cache them or leak them in a Referer.
  router.use('/courses/:courseId/studio', (_req, res, next) => {
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  const base = (courseId: string, s: string): string => `/app/courses/${courseId}/studio?s=${encodeURIComponent(s)}`;
  const teacherOf = async (req: express.Request, courseId: string) => {
    const session = await sessionFrom(deps.sessions, req);
    if (!can(session, 'teach', { courseId }))
      throw new ForbiddenError(
        'The content studio is for the course’s teachers.',
        'If you teach this course, open Pathwise from the course as a teacher.',
      );
    return session;
  };
  const wrap =
    (fn: (req: express.Request, res: express.Response) => Promise<void>): express.RequestHandler =>
    (req, res, next) => {
      fn(req, res).catch(next);
    };

  router.get(
    '/courses/:courseId/studio',
    wrap(async (req, res) => {
      const courseId = idParam(req.params.courseId);
      const session = await teacherOf(req, courseId);
      const notice = typeof req.query.added === 'string' ? `${Number(req.query.added) || 0} question(s) added to your course.` : '';
      render(res, 'studio/index', {
        token: deps.sessions.renewed(session, String(req.query.s)),
        courseId,
        notice,
        limits: STUDIO_LIMITS,
        ...(await studioView(courseId)),
      });
    }),
  );

  router.post('/courses/:courseId/studio/preview', (req, res, next) => {
    upload.single('file')(req, res, (err: unknown) => {
      if (err instanceof multer.MulterError)
        return next(
          new ValidationError(
            err.code === 'LIMIT_FILE_SIZE'
              ? `The file is bigger than ${STUDIO_LIMITS.bytes / 1000} KB. Export fewer questions at a time (for example one category).`
              : 'The upload could not be read. Choose one Moodle XML or GIFT file and try again.',
          ),
        );
      if (err) return next(err);
      wrap(async () => {
        const courseId = idParam(req.params.courseId);
        await teacherOf(req, courseId);
        const body = previewBody.safeParse(req.body);
        if (!body.success) throw new ValidationError('Choose the kind of file (Moodle XML or GIFT) and try again.');
        const file = (req as express.Request & { file?: { buffer: Buffer; originalname: string } }).file;
        const text = file ? file.buffer.toString('utf8') : (body.data.pasted ?? '');
        if (text.trim() === '') throw new ValidationError('Choose a file, or paste your GIFT questions, then press “Check my questions”.');
        const source = (file?.originalname ?? 'pasted questions').replace(/[^\w .()-]/g, '_').slice(0, 100);
        try {
          const prepared = prepareUpload(text, body.data.format, loadBundledPack(), source);
          const upload = await saveDraft(
            courseId,
            prepared.questions.map((q) => q.item),
            source,
          );
          render(res, 'studio/preview', { token: body.data.s, courseId, source, problems: [], upload, ...previewView(prepared) });
        } catch (e) {
          if (!(e instanceof ContentImportError)) throw e;
          render(res.status(422), 'studio/preview', {
            token: body.data.s,
            courseId,
            source,
            problems: e.problems,
            rows: [],
            skills: [],
            skipped: [],
            checkedCount: 0,
            upload: '',
          });
        }
      })(req, res, next);
    });
  });

  router.post(
    '/courses/:courseId/studio/confirm',
    express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 2 * STUDIO_LIMITS.questions + 10 }),
    wrap(async (req, res) => {
      const courseId = idParam(req.params.courseId);
      await teacherOf(req, courseId);
      const body = confirmBody.safeParse(req.body);
      if (!body.success) throw new ValidationError('The choices could not be read back. Upload the file again; nothing was added.');
      const draft = await loadDraft(courseId, body.data.upload);
      if (!draft)
        throw new ValidationError(
          'These questions were added already, or their check is more than a day old. Open the content studio to see your questions, or upload the file again.',
        );
      const items = draft.items;
      const fields = req.body as Record<string, unknown>;
      const chosen = new Set([body.data.include ?? []].flat());
      const pack = loadBundledPack();
      const skills = new Set(pack.skills.map((s) => s.id));
      const picked = items.flatMap((item, i) => {
        if (!chosen.has(String(i))) return [];
        const skill = String(fields[`skill-${i}`] ?? '');
        if (!skills.has(skill)) throw new ValidationError(`Choose a skill for question ${i + 1}.`);
        return [{ ...item, skills: [skill] }];
      });
      if (picked.length === 0) throw new ValidationError('Tick at least one question to add, then press “Add to my course”.');
      const { dropped } = withCourseContent(pack, picked, new Map());
      if (dropped.length)
        throw new ValidationError(
          `${dropped.length} question(s) no longer pass Pathwise’s checks. Upload the file again; nothing was added.`,
        );
      if (!(await confirmDraft(courseId, body.data.upload, picked)))
        throw new ValidationError('These questions were added already. Open the content studio to see them.');
      res.redirect(303, `${base(courseId, body.data.s)}&added=${picked.length}`);
    }),
  );

  router.post(
    '/courses/:courseId/studio/items/:itemId/remove',
    express.urlencoded({ extended: false, limit: '8kb' }),
    wrap(async (req, res) => {
      const courseId = idParam(req.params.courseId);
      const session = await teacherOf(req, courseId);
      void session;
      await removeCourseItem(
        courseId,
        z
          .string()
          .regex(/^course-[a-z0-9-]{1,80}$/)
          .parse(req.params.itemId),
      );
      res.redirect(303, base(courseId, String((req.body as { s?: string }).s)));
    }),
  );

  router.post(
    '/courses/:courseId/studio/resources/:skillId',
    express.urlencoded({ extended: false, limit: '16kb' }),
    wrap(async (req, res) => {
      const courseId = idParam(req.params.courseId);
      await teacherOf(req, courseId);
      const pack = loadBundledPack();
      const skillId = String(req.params.skillId);
      if (!pack.skills.some((s) => s.id === skillId)) throw new ValidationError('This skill is not part of the course’s pack.');
      const current = (await courseResources(courseId)).get(skillId);
      const list = current?.resources ?? pack.skills.find((s) => s.id === skillId)!.resources;
      const change = resourceChange(list, req.body);
      if (change.added) await refuseUnsafeLink(change.added.url);
      const broken = change.check
        ? await checkLinks(change.resources)
        : Object.fromEntries(Object.entries(current?.broken ?? {}).filter(([u]) => change.resources.some((r) => r.url === u)));
      await setSkillResources(courseId, skillId, change.resources, broken);
      res.redirect(303, `${base(courseId, String((req.body as { s?: string }).s))}#skill-${skillId}`);
    }),
  );

  return router;
}
