/**
 * Sandbox LMS: a strict LTI 1.3 platform with a Canvas and a Moodle flavour, served by its own
 * Express app. It never imports the tool: it is the other side of every LTI exchange.
 *
 * API
 *   createSandbox(opts: SandboxOptions): Sandbox            builds app + seeded state, does not listen
 *   startSandbox(opts & { port, host? }): Promise<{ sandbox, url, close() }>
 *   SandboxOptions { baseUrl; stateFile?; logger?; now?; settings?: Partial<SandboxSettings> }
 *   Sandbox
 *     app, flavours.{canvas,moodle}: FlavourInfo
 *     settings (mutable): deniedScopes[flavour], requireConfigToken, requireUserAgent, deepLinking[flavour]
 *     tamper: nextIdToken(claims) -> { claims?, signWithForeignKey?, expired? } (one shot),
 *             failServiceCalls { remaining, status, message? } (token/AGS/NRPS outage or 403 rate limit)
 *     beginRegistration(flavour, toolRegistrationUrl) -> { url, openidConfiguration, registrationToken }
 *     registerTool(flavour, NewRegistration) -> ToolRegistration      (manual registration, for tests)
 *     addDeployment(clientId) -> deploymentId                           (canvas: another install)
 *     registrations(): ToolRegistration[]
 *     launchUrl({ flavour, courseId, userId, resourceLinkId?, messageType?, clientId?, deploymentId? })
 *     courses(), users(courseId), resourceLinks(courseId), addResourceLink(courseId, {...}),
 *     lineItems(courseId), gradebook(courseId), results(courseId)
 *     signIdToken(flavour, claims), launchClaims(...) (claims the auth endpoint would sign)
 *
 * Routes (base = baseUrl): `/` home, `/courses/:id`, `/courses/:id/gradebook`, `/admin/register`,
 * `/launch` (login initiation); canvas endpoints at Canvas paths, moodle under `/moodle/mod/lti/`.
 * See flavours.ts for every URL.
 */
import { addCourse, addLineItem, copyCourse, deleteLineItemByTeacher, overrideResult, setLinkAudience, setMemberStatus } from './admin.ts';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { pino } from 'pino';
import type { Sandbox, SandboxOptions } from './api.ts';
import { buildLaunchClaims, type LaunchSubject } from './claims.ts';
import type { SandboxContext, SandboxSettings } from './context.ts';
import { mountAgs } from './ags.ts';
import { mountDeepLinking } from './deepLinking.ts';
import { beginRegistration, mountDynReg } from './dynreg.ts';
import { flavourUrls } from './flavours.ts';
import { HintSigner } from './hints.ts';
import { publicJwk, rotatePlatformKey, signWithPlatformKey, ToolKeyCache } from './keys.ts';
import { mountNrps } from './nrps.ts';
import { mountOidc } from './oidc.ts';
import { mountPages } from './pages.ts';
import { addDeployment, createRegistration } from './registry.ts';
import { SandboxStore } from './state.ts';
import { mountTokenEndpoints } from './token.ts';
import type { Course, Flavour, FlavourInfo, ResourceLink } from './types.ts';

export type {
  Course,
  Flavour,
  FlavourInfo,
  GradebookRow,
  LineItem,
  MessageType,
  ResourceLink,
  Result,
  ToolRegistration,
  User,
} from './types.ts';
export type { IdTokenTamper, SandboxSettings, Tamper } from './context.ts';
export type { NewRegistration } from './registry.ts';
export type { LaunchUrlParams, Sandbox, SandboxOptions } from './api.ts';

const VIEWS = fileURLToPath(new URL('./views', import.meta.url));

function defaultSettings(over: Partial<SandboxSettings> | undefined): SandboxSettings {
  const dl = { acceptTypes: ['ltiResourceLink'], acceptLineItem: true, acceptMultiple: true };
  return {
    deniedScopes: { canvas: [], moodle: [] },
    requireConfigToken: false,
    requireUserAgent: true,
    deepLinking: { canvas: { ...dl }, moodle: { ...dl } },
    storageTarget: { canvas: 'post_message_forwarding', moodle: undefined },
    ...over,
  };
}

/** Builds the sandbox (app + state) without listening, so tests can mount it or pick a port. */
export function createSandbox(opts: SandboxOptions): Sandbox {
  const now = opts.now ?? Date.now;
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const store = SandboxStore.open(opts.stateFile, now());
  const ctx: SandboxContext = {
    baseUrl,
    store,
    now,
    logger: (opts.logger ?? pino({ level: 'silent' })).child({ component: 'sandbox' }),
    urls: { canvas: flavourUrls('canvas', baseUrl), moodle: flavourUrls('moodle', baseUrl) },
    hints: new HintSigner(store.state.hintSecret, now),
    toolKeys: new ToolKeyCache('PathwiseSandboxLMS/1.0'),
    settings: defaultSettings(opts.settings),
    tamper: {},
    accessTokens: new Map(),
    registrationTokens: new Map(),
    usedAssertions: new Map(),
    usedDeepLinks: new Set(),
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('views', VIEWS);
  app.set('view engine', 'ejs');
  app.use(express.urlencoded({ extended: false, limit: '1mb' }));
  app.use(express.json({ type: ['application/json', 'application/*+json'], limit: '1mb' }));
  const router = express.Router();
  router.use('/api/lti', (_req, res, next) => {
    res.setHeader('X-Request-Cost', '0.01');
    res.setHeader('X-Rate-Limit-Remaining', '700.0');
    next();
  });
  for (const flavour of ['canvas', 'moodle'] as const) {
    router.get(new URL(ctx.urls[flavour].jwksUri).pathname, (_req, res) => {
      res.json({ keys: [store.state.keys[flavour], ...(store.state.previousKeys?.[flavour] ?? [])].map(publicJwk) });
    });
  }
  mountOidc(ctx, router);
  mountTokenEndpoints(ctx, router);
  mountDynReg(ctx, router);
  mountAgs(ctx, router);
  mountNrps(ctx, router);
  mountDeepLinking(ctx, router);
  mountPages(ctx, router);
  app.use(router);
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500;
    if (status >= 500) ctx.logger.error({ err }, 'sandbox error');
    res.status(status).json({
      error: status >= 500 ? 'server_error' : 'invalid_request',
      error_description: status >= 500 ? 'Internal error' : (err as Error).message,
    });
  });

  const flavourInfo = (flavour: Flavour): FlavourInfo => {
    const u = ctx.urls[flavour];
    const course = store.courseOf(flavour);
    return {
      flavour,
      productFamilyCode: u.productFamilyCode,
      issuer: u.issuer,
      authorizationEndpoint: u.authorizationEndpoint,
      tokenEndpoint: u.tokenEndpoint,
      jwksUri: u.jwksUri,
      openidConfigurationUrl: u.openidConfigurationUrl,
      registrationEndpoint: u.registrationEndpoint,
      courseId: course.id,
      teacherId: course.members.find((m) => m.role === 'teacher')?.id ?? '',
      studentIds: course.members.filter((m) => m.role === 'student').map((m) => m.id),
    };
  };
  const requireCourse = (courseId: string): Course => {
    const c = store.course(courseId);
    if (!c) throw new Error(`No course ${courseId}`);
    return c;
  };

  return {
    app,
    flavours: { canvas: flavourInfo('canvas'), moodle: flavourInfo('moodle') },
    settings: ctx.settings,
    tamper: ctx.tamper,
    beginRegistration: (flavour, toolRegistrationUrl) => beginRegistration(ctx, flavour, toolRegistrationUrl),
    registerTool: (flavour, input) => createRegistration(ctx, flavour, input, 'manual'),
    addDeployment: (clientId) => addDeployment(ctx, clientId),
    removeRegistration(clientId) {
      store.state.registrations = store.state.registrations.filter((r) => r.clientId !== clientId);
      store.save();
    },
    registrations: () => structuredClone(store.state.registrations),
    launchUrl(p) {
      const u = new URL(`${baseUrl}/launch`);
      u.searchParams.set('course', p.courseId);
      u.searchParams.set('user', p.userId);
      if (p.resourceLinkId) u.searchParams.set('link', p.resourceLinkId);
      if (p.messageType === 'LtiDeepLinkingRequest') u.searchParams.set('type', 'dl');
      if (p.clientId) u.searchParams.set('client_id', p.clientId);
      if (p.deploymentId) u.searchParams.set('deployment_id', p.deploymentId);
      if (requireCourse(p.courseId).flavour !== p.flavour) throw new Error(`Course ${p.courseId} is not a ${p.flavour} course`);
      return u.toString();
    },
    courses: () => structuredClone(store.state.courses),
    users: (courseId) => structuredClone(requireCourse(courseId).members),
    setUserLocale(courseId, userId, locale) {
      const m = requireCourse(courseId).members.find((u) => u.id === userId);
      if (!m) throw new Error(`No user ${userId} in course ${courseId}`);
      m.locale = locale;
    },
    resourceLinks: (courseId) => structuredClone(store.state.resourceLinks.filter((l) => l.courseId === courseId)),
    addResourceLink(courseId, link) {
      const course = requireCourse(courseId);
      const created: ResourceLink = {
        id: course.flavour === 'canvas' ? randomBytes(16).toString('hex') : store.nextId(),
        courseId,
        title: link.title,
        custom: { ...(link.custom ?? {}) },
        createdAt: new Date(now()).toISOString(),
        ...(link.url ? { url: link.url } : {}),
        ...(link.clientId ? { clientId: link.clientId } : {}),
      };
      store.state.resourceLinks.push(created);
      if (link.lineItem) {
        store.state.lineItems.push({
          id: store.nextId(),
          courseId,
          label: link.lineItem.label ?? link.title,
          scoreMaximum: link.lineItem.scoreMaximum,
          resourceLinkId: created.id,
          isDefault: true,
          ...(link.clientId ? { clientId: link.clientId } : {}),
          ...(link.lineItem.resourceId ? { resourceId: link.lineItem.resourceId } : {}),
          ...(link.lineItem.tag ? { tag: link.lineItem.tag } : {}),
        });
      }
      store.save();
      return structuredClone(created);
    },
    addCourse: (flavour, p) => addCourse(ctx, flavour, p),
    setMemberStatus: (courseId, userId, status) => setMemberStatus(ctx, courseId, userId, status),
    setLinkAudience: (linkId, userIds) => setLinkAudience(ctx, linkId, userIds),
    deleteLineItemByTeacher: (id) => deleteLineItemByTeacher(ctx, id),
    overrideResult: (lineItemId, userSub, score) => overrideResult(ctx, lineItemId, userSub, score),
    copyCourse: (id) => copyCourse(ctx, id),
    addLineItem: (courseId, p) => addLineItem(ctx, courseId, p),
    lineItems: (courseId) => structuredClone(store.state.lineItems.filter((l) => l.courseId === courseId)),
    gradebook: (courseId) => structuredClone(store.state.gradebook.filter((g) => g.courseId === courseId)),
    results: (courseId) => {
      const ids = new Set(store.state.lineItems.filter((l) => l.courseId === courseId).map((l) => l.id));
      return structuredClone(store.state.results.filter((r) => ids.has(r.lineItemId)));
    },
    signIdToken: (flavour, claims) => signWithPlatformKey(store.state.keys[flavour], claims),
    rotateKey(flavour) {
      const r = rotatePlatformKey(store.state, flavour);
      store.save();
      return r;
    },
    retirePreviousKeys(flavour) {
      store.state.previousKeys = { ...store.state.previousKeys, [flavour]: [] };
      store.save();
    },
    launchClaims(p) {
      const course = requireCourse(p.courseId);
      const user = store.member(p.courseId, p.userId);
      if (!user) throw new Error(`User ${p.userId} not in course ${p.courseId}`);
      const link = p.resourceLinkId ? store.state.resourceLinks.find((l) => l.id === p.resourceLinkId) : undefined;
      const reg = p.clientId
        ? store.state.registrations.find((r) => r.clientId === p.clientId)
        : store.state.registrations.filter((r) => r.flavour === p.flavour).at(-1);
      if (!reg) throw new Error(`No ${p.flavour} registration`);
      const subject: LaunchSubject = {
        flavour: p.flavour,
        course,
        user,
        reg,
        deploymentId: reg.deploymentIds[0] ?? '',
        link,
        messageType: p.messageType ?? 'LtiResourceLinkRequest',
        nonce: p.nonce,
      };
      return buildLaunchClaims(ctx, subject);
    },
  };
}

/**
 * Listens, then creates the sandbox (port 0 picks a free port and rewrites baseUrl's port to it);
 * `close()` stops the server. Used by npm start and tests.
 */
export async function startSandbox(
  opts: SandboxOptions & { port: number; host?: string },
): Promise<{ sandbox: Sandbox; url: string; close(): Promise<void> }> {
  const host = opts.host ?? '127.0.0.1';
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolve());
  });
  const base = new URL(opts.baseUrl);
  if (opts.port === 0) base.port = String((server.address() as AddressInfo).port);
  const url = base.toString().replace(/\/+$/, '');
  const sandbox = createSandbox({ ...opts, baseUrl: url });
  server.on('request', sandbox.app);
  return {
    sandbox,
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
