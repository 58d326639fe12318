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
import { connectDatabase, ensureIndexes, startSweeper, type ClientOptions, type TtlRule } from './db/connection.ts';
import { databaseReady, isDatabaseOutage, OUTAGE_RETRY_AFTER_S } from './db/health.ts';
import { AppError, ForbiddenError } from './errors.ts';
import type { Logger } from './logger.ts';
import { createLti, type Lti } from './lti/index.ts';
import { launchHandler } from './commands/launchHandler.ts';
import { deepLinkBuilder, deepLinkChoices } from './commands/deepLinkBuilder.ts';
import { ScorePublisher } from './commands/scorePublisher.ts';
import { startReconciler } from './commands/reconciler.ts';
import { summaryFailures } from './repositories/progressRepository.ts';
import { refitAllCourses } from './commands/courseRefitter.ts';
import { practiceRouter } from './routes/practice.ts';
import { isLang } from './i18n/index.ts';
import { studentErrorView } from './i18n/errorPage.ts';
import { teacherRouter } from './routes/teacher.ts';
import { RosterRefresher } from './commands/rosterRefresher.ts';
import { studioRouter } from './routes/studio.ts';
import { privacyRouter } from './routes/privacy.ts';
import { AuditLog } from './repositories/audit.ts';
import { dataKeyFor, dataKeyProblem } from './commands/privacy/keyRotation.ts';
import { runRetention } from './commands/privacy/retention.ts';
import { SessionSigner, deriveKey } from './session.ts';
import { configureOutbound } from './lti/http.ts';
import { bodyError, plainInputs, securityHeaders } from './security.ts';
import { rateLimiters } from './rateLimit.ts';
import { migratePeopleToRegistrations } from './repositories/people.ts';
import { rekeyRosters } from './repositories/rosters.ts';
import { loadAssets } from './web/assets.ts';
import compression from 'compression';
import { render } from './presenters/views.ts';
import { warmOverviews } from './presenters/overviewWarmer.ts';

export interface Pathwise {
  app: express.Express;
  lti: Lti;
  publisher: ScorePublisher;
  /** Runs the reconciler now (it also runs at start-up and on a schedule). */
  reconcile(): Promise<void>;
  /** Pauses the scheduled reconciler (a run in progress finishes first); the returned function resumes it. */
  holdReconciler(): Promise<() => void>;
  audit: AuditLog;
  ttlRules: TtlRule[];
  close(): Promise<void>;
}

export async function createApp(opts: {
  config: Config;
  log: Logger;
  mongoUri: string;
  /** Driver options: the engine's pool size; tests also turn on command monitoring to watch writes. */
  mongoOptions?: ClientOptions;
  secret: string;
  /** Encrypts the keys stored in the database; outside production it may be left to the secret. */
  dataKey?: string;
  workers?: boolean;
}): Promise<Pathwise> {
  const { config, log } = opts;
  // Outbound requests on a platform's word: https and public addresses only, except in development and tests (sandbox on 127.0.0.1).
  const production = config.env === 'production';
  configureOutbound({ allowHttp: !production, allowPrivate: !production, allowHosts: [...config.outboundAllowHosts] });
  await connectDatabase(opts.mongoUri, opts.mongoOptions);
  const sessions = new SessionSigner(deriveKey(opts.secret, 'session'), config.sessionTtlSeconds);

  const lti = createLti({
    publicUrl: config.publicUrl,
    key: dataKeyFor(opts.dataKey ?? opts.secret),
    mongoUri: opts.mongoUri,
    tokenMaxAgeSeconds: config.ltiTokenMaxAgeSeconds,
    acceptNewDeployments: config.acceptNewDeployments,
    log,
    onDeepLinkSubmit: async (body) => deepLinkBuilder({ publicUrl: config.publicUrl, body }),
    onLaunch: async (ctx, _req, res) => {
      const session = await launchHandler({ ctx, registrationsChanged: () => lti.registrationsChanged() });
      if (ctx.messageType === 'LtiDeepLinkingRequest') {
        if (session.role === 'learner') throw new ForbiddenError('Only teachers can add Pathwise activities.');
        return render(res, 'lti/deeplink', {
          ltik: ctx.ltik ?? '',
          acceptMultiple: ctx.deepLinking?.acceptMultiple ?? false,
          ...deepLinkChoices(),
        });
      }
      const token = sessions.sign(session);
      if (session.role !== 'learner' || !session.activityId) {
        return res.redirect(303, `/app/courses/${session.courseId}/teacher?s=${encodeURIComponent(token)}`);
      }
      res.redirect(303, `/app/activities/${session.activityId}?s=${encodeURIComponent(token)}`);
    },
  });
  await lti.init();
  await migratePeopleToRegistrations(log);
  await rekeyRosters(log);
  const ttlRules = await ensureIndexes(log, { nonces: config.ltiTokenMaxAgeSeconds + 60 });
  const keyProblem = await dataKeyProblem(opts.dataKey ?? opts.secret, config.dataKeyPrevious);
  if (keyProblem) throw new Error(keyProblem);
  const audit = new AuditLog(deriveKey(opts.secret, 'audit'));
  const publisher = new ScorePublisher(lti.ags, log.child({ component: 'scores' }), config.gradeRetryBaseMs);
  const stopSweeper = opts.workers === false ? () => undefined : startSweeper(ttlRules, config.sweepIntervalSeconds, log);
  if (opts.workers !== false) publisher.start();
  const reconciler = startReconciler({
    owner: publisher.owner,
    intervalMs: 5 * 60_000,
    log: log.child({ component: 'reconciler' }),
    afterRun: () => void publisher.kick(),
    schedule: opts.workers !== false,
  });
  summaryFailures.onFailure = (err, id) =>
    log.warn({ err, progressId: id }, 'class-overview row not updated after a progress write; the reconciler will rewrite it');
  const roster = new RosterRefresher(lti.nrps, log.child({ component: 'roster' }));
  if (opts.workers !== false) roster.start(60 * 60_000); // stale rosters (15 min TTL) refreshed hourly
  const refitTimer =
    opts.workers !== false && config.refitIntervalHours > 0
      ? setInterval(() => {
          refitAllCourses({ minStudents: config.refitMinStudents, log }).catch((err: unknown) =>
            log.error({ err }, 'scheduled refit failed'),
          );
        }, config.refitIntervalHours * 3_600_000).unref()
      : undefined;
  const retentionTimer =
    opts.workers !== false && config.retentionIntervalHours > 0
      ? setInterval(() => {
          runRetention({ dryRun: false, log: log.child({ component: 'retention' }), audit })
            .then(() => audit.pruneOlderThan(config.auditRetentionDays))
            .catch((err: unknown) => log.error({ err }, 'scheduled retention failed'));
        }, config.retentionIntervalHours * 3_600_000).unref()
      : undefined;

  const app = express();
  app.disable('x-powered-by');
  app.set('view engine', 'ejs');
  app.set('views', path.join(projectRoot, 'views'));
  // Compile each template once (Express only does this by itself when NODE_ENV=production).
  app.set('view cache', config.env !== 'development');
  app.set('trust proxy', 'loopback');
  app.use(compression()); // pages, scripts and styles gzip-compressed: student pages stay small on a slow link
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
  app.use(securityHeaders({ production }));
  // Bodies are forms, parsed once here with tight limits (ltijs's own JSON/text/raw parsers never
  // see a body), then no value may be an object. Too many fields is a 413, not a 500.
  app.use('/lti', express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 100 }));
  const appForms = express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 200 });
  // The studio's confirm step posts a whole question bank: that route parses its own body, with larger limits.
  app.use('/app', (req, res, next) => (/\/studio\/confirm$/.test(req.path) ? next() : appForms(req, res, next)));
  app.use(plainInputs);
  const limits = rateLimiters(config.rateLimits);
  app.all('/lti/login', limits.login);
  app.post('/lti/launch', limits.launch);
  app.get(['/lti/register', '/lti/register/:invite'], limits.register);
  app.get('/lti/keys', limits.keys);
  app.post('/app/activities/:activityId/answer', limits.answer);
  const assets = loadAssets({ clientDir: path.join(projectRoot, 'src', 'client'), cssDir: path.join(projectRoot, 'views', 'static') });
  app.locals.asset = assets.url;
  app.use('/static', assets.handler);
  // Liveness: the process answers. Readiness (and /health): the database answers a ping too.
  app.get('/health/live', (_req, res) => res.json({ status: 'ok' }));
  const ready: express.RequestHandler = (_req, res, next) => {
    databaseReady()
      .then((ok) => {
        res.setHeader('Cache-Control', 'no-store');
        if (ok) return res.json({ status: 'ok', database: 'ok' });
        res.setHeader('Retry-After', String(OUTAGE_RETRY_AFTER_S));
        res.status(503).json({ status: 'unavailable', database: 'unreachable' });
      })
      .catch(next);
  };
  app.get('/health/ready', ready);
  app.get('/health', ready);
  app.get('/', (_req, res) => render(res, 'home', { publicUrl: config.publicUrl }));
  lti.mount(app);
  app.use('/app', studioRouter({ sessions })); // first: its confirm form is larger than the other routers' body limits
  app.use('/app', practiceRouter({ sessions, onGradeRecorded: () => void publisher.kick() }));
  app.use('/app', teacherRouter({ sessions, roster, audit, ags: lti.ags, onGradesRetried: () => void publisher.kick() }));
  app.use('/app', privacyRouter({ sessions, audit }));
  app.use((_req, _res, next) =>
    next(new AppError('not_found', 'This page does not exist.', { status: 404, hint: 'Open Pathwise from your course page.' })),
  );
  app.use(errorHandler(log));
  // The class overviews teachers opened this week, prepared in the background: the first view after
  // a restart is then as fast as any other (presenters/overviewWarmer.ts).
  const warming = new AbortController();
  if (opts.workers !== false)
    warmOverviews({ log: log.child({ component: 'overview-warmer' }), signal: warming.signal }).catch((err: unknown) =>
      log.warn({ err }, 'class overviews not prepared at start-up; each first view reads its class instead'),
    );

  return {
    app,
    lti,
    publisher,
    reconcile: () => reconciler.run(),
    holdReconciler: () => reconciler.hold(),
    audit,
    ttlRules,
    close: async () => {
      warming.abort();
      if (refitTimer) clearInterval(refitTimer);
      if (retentionTimer) clearInterval(retentionTimer);
      stopSweeper();
      roster.stop();
      await Promise.all([publisher.stop(), reconciler.stop()]);
    },
  };
}

/** The page during a database outage: nothing was saved, try again shortly. */
function databaseOutage(cause: unknown): AppError {
  return new AppError('database_unavailable', 'Pathwise cannot reach its database right now.', {
    status: 503,
    expose: true,
    hint: 'Wait a few seconds and try again (an answer you already sent is never counted twice). If it keeps happening, tell your administrator.',
    cause,
  });
}

/** One error page for everything: 4xx with what to do, 500 with a request id and nothing more. */
function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const outage = !(err instanceof AppError) && isDatabaseOutage(err);
    const known = err instanceof AppError ? err : outage ? databaseOutage(err) : undefined;
    const body = known ? undefined : bodyError(err);
    const status = known?.status ?? body?.status ?? 500;
    const requestId = String((req as { id?: unknown }).id ?? '');
    // The error object only: never the request body (tokens), which body-parser errors carry as err.body.
    if (outage) log.warn({ err: (err as Error).message, requestId }, 'database unreachable; answered 503');
    else if (status >= 500) log.error({ err, requestId }, 'unhandled error');
    else log.info({ code: known?.code, status, requestId }, 'request refused');
    const view = {
      status,
      code: known?.code ?? body?.code ?? 'internal',
      message: known?.expose ? known.message : body ? body.message : 'Something went wrong on our side.',
      hint: known?.expose
        ? known.hint
        : body
          ? 'Send the form again from the page; if it keeps happening, reload the page from the course.'
          : 'Try again in a moment. If it keeps happening, give your administrator this request id.',
      requestId,
      newWindowUrl: res.locals.newWindowUrl as string | undefined,
    };
    if (res.headersSent) return;
    if (outage) res.setHeader('Retry-After', String(OUTAGE_RETRY_AFTER_S));
    res.status(status);
    // A student's page set its language (src/routes/practice.ts): the error speaks it too.
    const shown = isLang(res.locals.lang) ? studentErrorView(view, res.locals.lang) : view;
    if (req.accepts(['html', 'json']) === 'json')
      return res.json({ error: { code: shown.code, message: shown.message, hint: shown.hint, requestId } });
    render(res, 'error', shown);
  };
}
