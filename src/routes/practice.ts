/** Student pages. Thin: parse with zod, authorise, call a command, present. */
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { answerSubmitter, loadActivity } from '../commands/answerSubmitter.ts';
import { goalSetter, hintRevealer, skillChooser, stepContinuer } from '../commands/practiceActions.ts';
import { loadProgress } from '../commands/progressStore.ts';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { listSkills, localizePack } from '../domain/content/index.ts';
import type { ProgressDoc } from '../repositories/models/Progress.ts';
import { Person } from '../repositories/models/Person.ts';
import { personProfile } from '../repositories/people.ts';
import { can } from '../authorization.ts';
import { activityContext } from '../repositories/activityContext.ts';
import { practicePage, type Feedback } from '../presenters/practicePage.ts';
import { pickLanguage, translator } from '../i18n/index.ts';
import { endedView } from '../i18n/errorPage.ts';
import type { SessionSigner, VerifiedSession } from '../session.ts';
import { LANGUAGES } from '../i18n/index.ts';
import { answerFeedback, formResponse, justMastered, studentLanguage, themeFor, typedFields, type Student } from './studentPage.ts';
import { render as renderView } from '../presenters/views.ts';

const objectId = z.string().regex(/^[a-f0-9]{24}$/, 'not a valid id');
const token = z.string().min(1).max(2048);
const attempt = z.object({ s: token, attemptId: z.string().uuid() });
const bodies = {
  answer: attempt
    .extend({ response: z.union([z.string().max(2000), z.array(z.string().max(2000)).max(50)]).optional() })
    .catchall(z.union([z.string().max(2000), z.array(z.string().max(2000)).max(50)])),
  hint: attempt.catchall(z.union([z.string().max(2000), z.array(z.string().max(2000)).max(50)])),
  continue: attempt,
  choose: z.object({ s: token, skillId: z.string().min(1).max(100) }),
  language: z.object({ s: token, lang: z.enum(LANGUAGES) }),
  interests: z.object({
    s: token,
    interest: z.union([z.string().max(40), z.array(z.string().max(40)).max(20)]).optional(),
  }),
  goal: z.object({
    s: token,
    skills: z.union([z.string().max(100), z.array(z.string().max(100)).max(100)]).optional(),
    by: z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use a date like 2027-03-01')]).optional(),
  }),
};

function parse<T extends z.ZodTypeAny>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body);
  if (!r.success)
    throw new ValidationError(`The form was not complete: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`);
  return r.data;
}

export function tokenFrom(req: Request): unknown {
  return (req.body as { s?: unknown } | undefined)?.s ?? req.query.s;
}

export function sessionFrom(sessions: SessionSigner, req: Request): Promise<VerifiedSession> {
  return sessions.verify(tokenFrom(req));
}

export function idParam(v: unknown): string {
  const r = objectId.safeParse(v);
  if (!r.success) throw new NotFoundError('This page');
  return r.data;
}

export function practiceRouter(deps: { sessions: SessionSigner; onGradeRecorded(): void }) {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '32kb' }));
  router.use((_req, res, next) => {
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  // Read on every page (one read by _id): a new launch may bring another locale, and the
  // student may switch language, so a cache here would show the old language.
  const studentOf = async (personId: string): Promise<Student> => {
    const doc = await personProfile(personId);
    return {
      name: doc?.name ?? '',
      ...(doc?.locale ? { locale: doc.locale } : {}),
      ...(doc?.language ? { language: doc.language } : {}),
      ...(Array.isArray(doc?.interests) ? { interests: doc.interests } : {}),
    };
  };

  /** Resolves the session, the activity (scoped to the session's course) and the student's progress, once per request. */
  async function load(req: Request, res: Response) {
    const session = await sessionFrom(deps.sessions, req);
    // From here an error page (a stale question, an outage) is in the student's language.
    const student = await studentOf(session.personId);
    res.locals.lang = studentLanguage(student, req.get('accept-language'));
    const activityId = idParam(req.params.activityId);
    const activity = await loadActivity(session, activityId);
    if (!activity) throw new NotFoundError('This activity');
    if (!can(session, 'practise', { courseId: session.courseId, activityId }))
      throw new ForbiddenError('This session opens only the activity it was launched into.', 'Open the activity from the course page.');
    const ctx = await activityContext(activity);
    const progress = await loadProgress({ courseId: session.courseId, activityId, personId: session.personId }, ctx);
    return { session, student, activity, activityId, ctx, progress, token: deps.sessions.renewed(session, String(tokenFrom(req))) };
  }
  type Loaded = Awaited<ReturnType<typeof load>>;
  type RenderExtra = { feedback?: Feedback; notice?: string; typed?: Record<string, string | string[]>; justMastered?: string[] };

  /** Renders the page from the progress document a command left (no second read). */
  async function render(req: Request, res: Response, l: Loaded, progress: ProgressDoc, extra: RenderExtra = {}, known?: Student) {
    const student = known ?? l.student;
    const lang = studentLanguage(student, req.get('accept-language'));
    const seed = progress.current.seed;
    const theme = seed == null ? undefined : themeFor(student.interests, l.ctx.pack.themes, seed);
    const notice =
      extra.notice === undefined ? undefined : extra.notice.startsWith('notice.') ? translator(lang)(extra.notice) : extra.notice;
    res.setHeader('Content-Language', lang);
    res.setHeader('Vary', 'Accept-Language');
    renderView(
      res,
      'practice',
      practicePage(l.ctx, progress, {
        token: l.token,
        studentName: student.name || translator(lang)('student'),
        lang,
        activity: { id: l.activityId, title: l.activity.title || translator(lang)('activityTitle') },
        ...(student.interests ? { interests: student.interests } : {}),
        ...(theme ? { theme } : {}),
        ...extra,
        ...(notice !== undefined ? { notice } : {}),
      }),
    );
  }

  // A student's page: until the session says who it is (an expired link), errors follow the browser's language.
  /** Why a skill cannot be chosen, in the student's words and language (the policy's reason is for engineers). */
  function choiceNotice(req: Request, l: Loaded, p: ProgressDoc, skillId: string, missing: string[]): string {
    const lang = studentLanguage(l.student, req.get('accept-language'));
    const t = translator(lang);
    const titles = new Map(listSkills(localizePack(l.ctx.pack, lang)).map((s) => [s.id, s.title]));
    if (missing.length) return t('notice.masterFirst', { skills: missing.map((m) => `“${titles.get(m) ?? m}”`).join(', ') });
    return t(p.state.skills[skillId]?.mastered ? 'notice.alreadyMastered' : 'notice.notHere');
  }

  const handle = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: express.NextFunction) => {
    res.locals.lang = pickLanguage(req.get('accept-language'));
    fn(req, res).catch(next);
  };

  router.get(
    '/activities/:activityId',
    handle(async (req, res) => {
      const l = await load(req, res);
      await render(req, res, l, l.progress);
    }),
  );

  router.post(
    '/activities/:activityId/answer',
    handle(async (req, res) => {
      const body = parse(bodies.answer, req.body);
      const l = await load(req, res);
      const response = formResponse(l.ctx, l.progress, body);
      // Checked in the student's language and theme, so words they typed and feedback match what they saw.
      const student = l.student;
      const lang = studentLanguage(student, req.get('accept-language'));
      const result = await answerSubmitter({
        lang,
        themeOf: (seed) => themeFor(student.interests, l.ctx.pack.themes, seed),
        session: l.session,
        activity: l.activity,
        ctx: l.ctx,
        progress: l.progress,
        attemptId: body.attemptId,
        response,
      });
      if (result.gradeRecorded) deps.onGradeRecorded();
      const feedback: Feedback = answerFeedback(result, lang);
      const extra = {
        feedback,
        justMastered: justMastered(l.ctx, l.progress, result.progress, lang),
        ...(result.retry ? { notice: 'notice.retry' } : {}),
      };
      await render(req, res, l, result.progress, extra, student);
    }),
  );

  router.post(
    '/activities/:activityId/hint',
    handle(async (req, res) => {
      const body = parse(bodies.hint, req.body);
      const l = await load(req, res);
      const r = await hintRevealer({ ctx: l.ctx, progress: l.progress, attemptId: body.attemptId });
      await render(req, res, l, r.progress, {
        typed: typedFields(body),
        ...(r.result === 'no-more-hints' ? { notice: 'notice.noMoreHints' } : {}),
      });
    }),
  );

  router.post(
    '/activities/:activityId/language',
    handle(async (req, res) => {
      const body = parse(bodies.language, req.body);
      const l = await load(req, res);
      await Person.updateOne({ _id: l.session.personId }, { $set: { language: body.lang } });
      res.locals.lang = body.lang;
      await render(req, res, l, l.progress, {}, { ...l.student, language: body.lang });
    }),
  );

  // The student's word-problem themes: only ids the pack offers are kept (none = "surprise me").
  router.post(
    '/activities/:activityId/interests',
    handle(async (req, res) => {
      const body = parse(bodies.interests, req.body);
      const l = await load(req, res);
      const wanted = body.interest === undefined ? [] : Array.isArray(body.interest) ? body.interest : [body.interest];
      const unknown = wanted.filter((t) => !l.ctx.pack.themes.includes(t));
      if (unknown.length)
        throw new AppError('unknown_theme', `"${unknown[0]}" is not one of the themes here. Choose from the pictures on the page.`);
      const interests = [...new Set(wanted)];
      await Person.updateOne({ _id: l.session.personId }, { $set: { interests } });
      await render(req, res, l, l.progress, { notice: 'notice.interestsSaved' }, { ...l.student, interests });
    }),
  );

  router.post(
    '/activities/:activityId/continue',
    handle(async (req, res) => {
      const body = parse(bodies.continue, req.body);
      const l = await load(req, res);
      const r = await stepContinuer({ ctx: l.ctx, progress: l.progress, attemptId: body.attemptId });
      await render(req, res, l, r.progress);
    }),
  );

  router.post(
    '/activities/:activityId/choose',
    handle(async (req, res) => {
      const body = parse(bodies.choose, req.body);
      const l = await load(req, res);
      const r = await skillChooser({ ctx: l.ctx, progress: l.progress, skillId: body.skillId });
      await render(
        req,
        res,
        l,
        r.progress,
        r.result.ok ? {} : { notice: choiceNotice(req, l, r.progress, body.skillId, r.result.missing) },
      );
    }),
  );

  router.post(
    '/activities/:activityId/goal',
    handle(async (req, res) => {
      const body = parse(bodies.goal, req.body);
      const l = await load(req, res);
      const skills = body.skills === undefined ? [] : Array.isArray(body.skills) ? body.skills : [body.skills];
      const r = await goalSetter({ ctx: l.ctx, progress: l.progress, skills, ...(body.by ? { by: body.by } : {}) });
      await render(req, res, l, r.progress, { notice: r.result.ok ? 'notice.goalSet' : 'notice.goalNotSaved' });
    }),
  );

  // End session: the token (and any renewal of it) is refused from now on.
  router.post(
    '/session/end',
    handle(async (req, res) => {
      const session = await sessionFrom(deps.sessions, req);
      await deps.sessions.end(session);
      const lang = studentLanguage(await studentOf(session.personId), req.get('accept-language'));
      res.setHeader('Content-Language', lang);
      renderView(res, 'ended', endedView(lang));
    }),
  );

  return router;
}
