/**
 * Builds Pathwise: connects the database, sets up the LTI adapter, creates indexes and returns the
 * Express app with its background workers. It never listens (see server.ts); tests call it with
 * their own configuration and database.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Config } from './config.ts';
import { projectRoot } from './config.ts';
import { connectDatabase, ensureIndexes, startSweeper, type TtlRule } from './db/connection.ts';
import { AppError, ForbiddenError } from './errors.ts';
import type { Logger } from './logger.ts';
import { createLti, type Lti } from './lti/index.ts';
import { launchHandler } from './commands/launchHandler.ts';
import { deepLinkBuilder, deepLinkChoices } from './commands/deepLinkBuilder.ts';
import { ScorePublisher } from './commands/scorePublisher.ts';
import { refitAllCourses } from './commands/courseRefitter.ts';
import { practiceRouter } from './routes/practice.ts';
import { teacherRouter } from './routes/teacher.ts';
import { studioRouter } from './routes/studio.ts';
import { SessionSigner, deriveKey } from './session.ts';
import { loadAssets } from './web/assets.ts';

export interface Pathwise {
  app: express.Express;
  lti: Lti;
  publisher: ScorePublisher;
  ttlRules: TtlRule[];
  close(): Promise<void>;
}

export async function createApp(opts: {
  config: Config;
  log: Logger;
  mongoUri: string;
  mongoOptions?: { maxPoolSize?: number };
  secret: string;
  workers?: boolean;
}): Promise<Pathwise> {
  const { config, log } = opts;
  await connectDatabase(opts.mongoUri, opts.mongoOptions);
  const sessions = new SessionSigner(deriveKey(opts.secret, 'session'), config.sessionTtlSeconds);

  const lti = createLti({
    publicUrl: config.publicUrl,
    key: deriveKey(opts.secret, 'ltijs'),
    mongoUri: opts.mongoUri,
    tokenMaxAgeSeconds: config.ltiTokenMaxAgeSeconds,
    acceptNewDeployments: config.acceptNewDeployments,
    log,
    onDeepLinkSubmit: async (body) => deepLinkBuilder({ publicUrl: config.publicUrl, body }),
    onLaunch: async (ctx, _req, res) => {
      const session = await launchHandler({ ctx, registrationsChanged: () => lti.registrationsChanged() });
      if (ctx.messageType === 'LtiDeepLinkingRequest') {
        if (session.role === 'learner') throw new ForbiddenError('Only teachers can add Pathwise activities.');
        return res.render('lti/deeplink', { ltik: ctx.ltik ?? '', ...deepLinkChoices() });
      }
      const token = sessions.sign(session);
      if (session.role !== 'learner' || !session.activityId) {
        return res.redirect(303, `/app/courses/${session.courseId}/teacher?s=${encodeURIComponent(token)}`);
      }
      res.redirect(303, `/app/activities/${session.activityId}?s=${encodeURIComponent(token)}`);
    },
  });
  await lti.init();
  const ttlRules = await ensureIndexes(log, { nonces: config.ltiTokenMaxAgeSeconds + 60 });
  const publisher = new ScorePublisher(lti.ags, log.child({ component: 'scores' }), config.gradeRetryBaseMs);
  const stopSweeper = opts.workers === false ? () => undefined : startSweeper(ttlRules, config.sweepIntervalSeconds, log);
  if (opts.workers !== false) publisher.start();
  const refitTimer =
    opts.workers !== false && config.refitIntervalHours > 0
      ? setInterval(() => {
          refitAllCourses({ minStudents: config.refitMinStudents, log }).catch((err: unknown) => log.error({ err }, 'scheduled refit failed'));
        }, config.refitIntervalHours * 3_600_000).unref()
      : undefined;

  const app = express();
  app.disable('x-powered-by');
  app.set('view engine', 'ejs');
  app.set('views', path.join(projectRoot, 'views'));
  // Compile each template once (Express only does this by itself when NODE_ENV=production).
  app.set('view cache', config.env !== 'development');
  app.set('trust proxy', 'loopback');
  app.use(
    pinoHttp({
      logger: log,
      genReqId: (req, res) => {
        const id = randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Paths without query strings and no headers: redirects carry session tokens and login hints.
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  const assets = loadAssets({ clientDir: path.join(projectRoot, 'src', 'client'), cssDir: path.join(projectRoot, 'views', 'static') });
  app.locals.asset = assets.url;
  app.use('/static', assets.handler);
  app.get('/health', (_req, res) => res.json({ status: 'ok' }));
  app.get('/', (_req, res) => res.render('home', { publicUrl: config.publicUrl }));
  lti.mount(app);
  app.use('/app', studioRouter({ sessions })); // first: its confirm form is larger than the other routers' body limits
  app.use('/app', practiceRouter({ sessions, onGradeRecorded: () => void publisher.kick() }));
  app.use('/app', teacherRouter({ sessions }));
  app.use((_req, _res, next) => next(new AppError('not_found', 'This page does not exist.', { status: 404, hint: 'Open Pathwise from your course page.' })));
  app.use(errorHandler(log));

  return {
    app,
    lti,
    publisher,
    ttlRules,
    close: async () => {
      if (refitTimer) clearInterval(refitTimer);
      stopSweeper();
      await publisher.stop();
    },
  };
}

/** One error page for everything: 4xx with what to do, 500 with a request id and nothing more. */
function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const known = err instanceof AppError ? err : undefined;
    const bodyTooBig = (err as { type?: string }).type === 'entity.too.large';
    const status = known?.status ?? (bodyTooBig ? 413 : 500);
    const requestId = String((req as { id?: unknown }).id ?? '');
    if (status >= 500) log.error({ err, requestId }, 'unhandled error');
    else log.info({ code: known?.code, status, requestId }, 'request refused');
    const view = {
      status,
      code: known?.code ?? (bodyTooBig ? 'too_large' : 'internal'),
      message: known?.expose ? known.message : bodyTooBig ? 'The request was too large.' : 'Something went wrong on our side.',
      hint: known?.expose ? known.hint : status >= 500 ? 'Try again in a moment. If it keeps happening, give your administrator this request id.' : undefined,
      requestId,
      newWindowUrl: res.locals.newWindowUrl as string | undefined,
    };
    if (res.headersSent) return;
    res.status(status);
    if (req.accepts(['html', 'json']) === 'json') return res.json({ error: { code: view.code, message: view.message, hint: view.hint, requestId } });
    res.render('error', view);
  };
}
