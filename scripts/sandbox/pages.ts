/**
 * The sandbox's own pages: home (courses, registered tools), Dynamic Registration admin page
 * (the tool's registration URL in an iframe, closed by `org.imsglobal.lti.close`), course page
 * (the tool in a cross-site iframe named "tool", "Launch as ..." buttons, teacher Deep Linking,
 * Platform Storage postMessage handler for `_parent`, and the hidden storage frame named
 * `post_message_forwarding` served by /platform-storage) and the gradebook.
 */
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import type { Router } from 'express';
import { z } from 'zod';
import { SandboxError, sendPageError, type SandboxContext } from './context.ts';
import { beginRegistration } from './dynreg.ts';
import type { Flavour } from './types.ts';

const CSS = fileURLToPath(new URL('./views/sandbox.css', import.meta.url));
const STORAGE_TS = fileURLToPath(new URL('./client/platformStorage.ts', import.meta.url));
let storageJs: Uint8Array | undefined;
/** The storage frame's script, bundled once from TypeScript. */
function storageScript(): Uint8Array {
  storageJs ??= buildSync({ entryPoints: [STORAGE_TS], bundle: true, format: 'iife', target: 'es2019', write: false, logLevel: 'silent' })
    .outputFiles[0]!.contents;
  return storageJs;
}

const registerQuery = z.object({ flavour: z.enum(['canvas', 'moodle']), url: z.string().url() });

/** Mounts the HTML pages. */
export function mountPages(ctx: SandboxContext, router: Router): void {
  const state = ctx.store.state;
  router.get('/sandbox.css', (_req, res) => res.sendFile(CSS));
  // The storage frame of LTI client-side postMessages (the course page embeds it, hidden).
  router.get('/platform-storage', (_req, res) => res.render('platform-storage'));
  router.get('/platform-storage.js', (_req, res) => res.type('text/javascript').send(Buffer.from(storageScript())));

  router.get('/', (_req, res) => {
    res.render('home', {
      courses: state.courses,
      registrations: state.registrations,
      issuers: { canvas: ctx.urls.canvas.issuer, moodle: ctx.urls.moodle.issuer },
    });
  });

  router.get('/admin/register', (req, res) => {
    if (req.query.url === undefined) {
      res.render('register', { registrationUrl: undefined, flavour: undefined });
      return;
    }
    const q = registerQuery.safeParse(req.query);
    if (!q.success) {
      sendPageError(res, new SandboxError(400, 'invalid_request', 'Choose a flavour and give the tool registration URL (http or https).'));
      return;
    }
    const flavour: Flavour = q.data.flavour;
    res.render('register', { registrationUrl: beginRegistration(ctx, flavour, q.data.url).url, flavour });
  });

  router.get('/courses/:courseId', (req, res) => {
    const course = ctx.store.course(req.params.courseId);
    if (!course) {
      sendPageError(res, new SandboxError(404, 'not_found', `No course ${req.params.courseId}.`));
      return;
    }
    res.render('course', {
      course,
      links: state.resourceLinks.filter((l) => l.courseId === course.id),
      registrations: state.registrations.filter((r) => r.flavour === course.flavour),
      teacher: course.members.find((m) => m.role === 'teacher'),
    });
  });

  router.get('/courses/:courseId/gradebook', (req, res) => {
    const course = ctx.store.course(req.params.courseId);
    if (!course) {
      sendPageError(res, new SandboxError(404, 'not_found', `No course ${req.params.courseId}.`));
      return;
    }
    const lineItems = state.lineItems.filter((l) => l.courseId === course.id);
    const ids = new Set(lineItems.map((l) => l.id));
    res.render('gradebook', {
      course,
      lineItems,
      students: course.members.filter((m) => m.role === 'student'),
      results: state.results.filter((r) => ids.has(r.lineItemId)),
      rows: state.gradebook.filter((g) => g.courseId === course.id),
    });
  });
}
