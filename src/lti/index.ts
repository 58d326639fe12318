/**
 * The LTI adapter: the only module that imports ltijs. ltijs runs in serverless mode inside our
 * Express app under /lti and does the OIDC login, the keys, id_token bookkeeping and access tokens.
 * Pathwise adds what ltijs lacks (see ../../README.md, "LTI adapter"): a read-only validation
 * before ltijs touches the database, deployment checks, typed errors, our own Dynamic Registration,
 * partitioned cookies, and scores sent with the timestamp of the grade event.
 *
 * ltijs's `ltiaas` mode is used so a valid launch goes straight to our handler (no redirect with
 * an `ltik` and no session cookie, which third-party iframes often drop): after a launch Pathwise
 * carries its own signed session token.
 */
import mongoose from 'mongoose';
import express, { type Request, type Response, type NextFunction } from 'express';
import cookieParser from 'cookie-parser';
import ltijs, { type LtijsProvider } from 'ltijs';
import type { Logger } from '../logger.ts';
import { Registration } from '../repositories/models/Registration.ts';
import { loginGuard } from './login.ts';
import { clearFrameAncestors } from '../security.ts';
import { AppError } from '../errors.ts';
import { fromLtijs, ltiError } from './errors.ts';
import { JwksCache } from './jwks.ts';
import { clearRegistrationCache } from './launchValidator.ts';
import { launchValidation, validatedLaunch } from './launchRoute.ts';
import { deepLinkRoute } from './deepLinkRoute.ts';
import { ensureToolKey, ToolKeys } from './toolKeys.ts';
import { AccessTokens } from './accessTokens.ts';
import { guardLtijsHttp } from './ltijsHttp.ts';
import type { ServicePlatform } from './service.ts';
import { toLaunchContext, type LaunchContext } from './launchContext.ts';
import { dynamicRegistrationRoute } from './dynamicRegistration.ts';
import { canvasConfig } from './canvasConfig.ts';
import { AgsClient } from './ags.ts';
import { NrpsClient } from './nrps.ts';
import { render } from '../presenters/views.ts';

export type { LaunchContext };
export { SCOPES } from './claims.ts';
export { currentLineItem, gradesCanFlow, unresolvedLineItem, type ActivityLineItemView } from './lineItems.ts';

export interface LtiOptions {
  publicUrl: string;
  /** Secret for ltijs's encryption and cookie signing. */
  key: string;
  mongoUri: string;
  tokenMaxAgeSeconds: number;
  acceptNewDeployments: boolean;
  log: Logger;
  onLaunch(ctx: LaunchContext, req: Request, res: Response): Promise<void>;
  /** Turns the teacher's choice on the Deep Linking page into content items (throws AppError on bad input). */
  onDeepLinkSubmit(body: unknown): Promise<ContentItem[]>;
}

/** An LTI Deep Linking resource link; optional fields are left out, never null. */
export interface ContentItem {
  type: 'ltiResourceLink';
  title: string;
  text?: string;
  url: string;
  custom?: Record<string, string>;
  lineItem?: { scoreMaximum: number; label: string; resourceId?: string; tag?: string };
}

export interface Lti {
  /** Mounts the LTI routes under /lti (ltijs's app directly on ours, so it inherits views and errors). */
  mount(app: express.Express): void;
  ags: AgsClient;
  /** The course roster (Names and Role Provisioning Services). */
  nrps: NrpsClient;
  /** Connects ltijs to the (already open) mongoose connection. */
  init(): Promise<void>;
  /** Registers a new platform in ltijs and Pathwise; refuses (throws) when it exists already. */
  registerPlatform(p: PlatformEndpoints): Promise<void>;
  /** Operator only: changes the endpoints or keys of an existing platform. */
  updatePlatform(p: PlatformEndpoints): Promise<void>;
  /** Call after changing a registration outside the adapter (e.g. adding a deployment). */
  registrationsChanged(): void;
  /** The tool's signing keys (published at /lti/keys) and access tokens signed with them. */
  toolKeys: ToolKeys;
  tokens: AccessTokens;
}

export interface PlatformEndpoints {
  issuer: string;
  clientId: string;
  name: string;
  authEndpoint: string;
  tokenEndpoint: string;
  jwksUrl: string;
}

/** ltijs exports a ready-made instance; its class lets every app (and benchmark) have its own. */
function newProvider(): LtijsProvider {
  const ProviderClass = (ltijs.Provider as unknown as { constructor: new () => LtijsProvider }).constructor;
  return new ProviderClass();
}

export function createLti(opts: LtiOptions): Lti {
  const log = opts.log.child({ component: 'lti' });
  const provider = newProvider();
  const jwks = new JwksCache();
  const toolKeys = new ToolKeys(opts.key);
  const tokens = new AccessTokens(toolKeys, opts.key);
  // ltijs's own requests (the platform's JWKS at each launch) go through the guarded client too.
  guardLtijsHttp();
  provider.setup(
    opts.key,
    { url: opts.mongoUri },
    {
      appRoute: '/launch',
      loginRoute: '/login',
      keysetRoute: '/keys',
      dynRegRoute: '/ltijs-register-unused',
      cookies: { secure: true, sameSite: 'None' },
      devMode: false,
      ltiaas: true,
      cors: false,
      tokenMaxAge: opts.tokenMaxAgeSeconds,
    },
  );

  const fail = (req: Request, res: Response, next: NextFunction) => {
    const detail = (res.locals.err as { details?: { message?: string } } | undefined)?.details?.message;
    log.warn({ ltijs: detail, path: req.path }, 'ltijs refused a request');
    next(fromLtijs(detail));
  };
  provider.onInvalidToken(fail);
  provider.onSessionTimeout(fail);
  // ltijs calls these two with (req, res) only: answer here instead of calling a missing next.
  const refuse = (code: 'unknown_platform' | 'inactive_platform') => (_req: Request, res: Response) => {
    const e = ltiError(code);
    render(res.status(e.status), 'error', { status: e.status, code: e.code, message: e.message, hint: e.hint, requestId: '' });
  };
  provider.onUnregisteredPlatform(refuse('unknown_platform'));
  provider.onInactivePlatform(refuse('inactive_platform'));
  const connect = async (token: unknown, req: Request, res: Response, next: NextFunction) => {
    const v = validatedLaunch(req);
    if (!v) return next(ltiError('session_expired'));
    try {
      await opts.onLaunch(toLaunchContext(v, res.locals.ltik as string | undefined), req, res);
    } catch (err) {
      next(err);
    }
  };
  provider.onConnect(connect);
  provider.onDeepLinking(connect);

  const router = express.Router();
  router.use(cookieParser(opts.key));
  router.use(express.urlencoded({ extended: false, limit: '64kb' }));

  // A launch or a Deep Linking answer is an HTML form post, nothing else: ltijs would also parse
  // JSON, text and raw bodies, and a JSON launch would skip our validator.
  router.post(['/launch', '/deeplink', '/login'], (req, _res, next) => {
    if (!req.is('application/x-www-form-urlencoded')) return next(ltiError('launch_not_form'));
    next();
  });
  // Login: partitioned cookies (CHIPS), registered platforms only, nonce bound to the state.
  router.all('/login', loginGuard({ publicUrl: opts.publicUrl, key: opts.key, log }));

  // Moodle (cartridge check) and link checkers GET the launch URL: answer plainly, no warning.
  router.get('/launch', (req, res, next) => {
    if (req.query.view !== undefined || req.query.ltik !== undefined) return next();
    log.debug({ ua: req.get('user-agent') }, 'launch URL probed with GET');
    res.type('text/plain').send('Pathwise LTI 1.3 launch endpoint. Launches arrive as a POST from your LMS; open Pathwise from a course.');
  });

  router.post(
    '/launch',
    launchValidation({
      publicUrl: opts.publicUrl,
      jwks,
      tokenMaxAgeSeconds: opts.tokenMaxAgeSeconds,
      acceptNewDeployments: opts.acceptNewDeployments,
      nonceKey: opts.key,
    }),
  );
  // Pathwise's signing keys (toolKeys.ts), not ltijs's per-platform keys.
  router.get('/keys', (_req, res, next) => {
    toolKeys
      .jwks()
      .then((set) => res.set('Cache-Control', 'max-age=300').json(set))
      .catch(next);
  });

  router.get(
    ['/register', '/register/:invite'],
    dynamicRegistrationRoute({
      publicUrl: opts.publicUrl,
      log,
      register: (p) => registerPlatform(p),
      registered: () => {
        clearRegistrationCache();
        clearFrameAncestors();
      },
      ltijsKnows: async (issuer, clientId) => Boolean(await provider.getPlatform(issuer, clientId)),
    }),
  );
  router.get('/config/canvas.json', (_req, res) => res.json(canvasConfig(opts.publicUrl)));
  // Deep Linking answer: ltijs's session validator (ltik) runs first and loads the request's token.
  provider.app.post('/deeplink', deepLinkRoute({ onDeepLinkSubmit: opts.onDeepLinkSubmit, signingKey: () => toolKeys.signingKey() }));

  async function registerPlatform(p: PlatformEndpoints, allowUpdate = false) {
    if (!allowUpdate && (await provider.getPlatform(p.issuer, p.clientId)))
      throw new AppError('registration_exists', 'This LMS is already registered; a registration never replaces an existing one.', {
        status: 409,
        hint: 'Use: npm run platform -- update',
      });
    const platform = await provider.registerPlatform({
      url: p.issuer,
      clientId: p.clientId,
      name: p.name,
      authenticationEndpoint: p.authEndpoint,
      accesstokenEndpoint: p.tokenEndpoint,
      authConfig: { method: 'JWK_SET', key: p.jwksUrl },
    });
    await platform.platformActive(true);
  }

  /** A platform's services: access tokens come from Pathwise (toolKeys + guarded client), never from ltijs. */
  const platformOf = async (issuer: string, clientId: string): Promise<ServicePlatform> => {
    const platform = await provider.getPlatform(issuer, clientId);
    if (!platform) throw ltiError('unknown_platform');
    const endpoint = {
      issuer,
      clientId,
      tokenEndpoint: await platform.platformAccessTokenEndpoint(),
      audience: await platform.platformAuthorizationServer(),
    };
    return {
      platformAccessToken: (scopes) => tokens.get(endpoint, scopes),
      dropAccessToken: (scopes) => tokens.drop(endpoint, scopes),
    };
  };

  return {
    mount: (app) => {
      // Pages rendered inside ltijs's app (the Deep Linking picker) need the main app's locals (asset()).
      Object.assign(provider.app.locals, app.locals);
      app.use('/lti', router);
      app.use('/lti', provider.app);
    },
    toolKeys,
    tokens,
    ags: new AgsClient(platformOf, log),
    nrps: new NrpsClient(platformOf),
    init: async () => {
      // ltijs's setup adds handlers to the shared connection that disconnect it on any error and
      // reconnect it a second later with ltijs's own options: no time limits, a pool of 100
      // (where the embedded engine must be reached over one connection). The driver reconnects
      // by itself and Pathwise owns the connection (db/connection.ts), so those handlers go.
      const conn = mongoose.connection;
      const events = ['connected', 'open', 'error', 'reconnected', 'disconnected'] as const;
      const before = new Map(events.map((e) => [e, new Set(conn.listeners(e))]));
      await provider.Database.setup();
      for (const e of events)
        for (const l of conn.listeners(e)) if (!before.get(e)?.has(l)) conn.removeListener(e, l as (...a: unknown[]) => void);
      await ensureToolKey(opts.key);
    },
    registrationsChanged: () => {
      clearRegistrationCache();
      clearFrameAncestors();
    },
    registerPlatform: async (p) => {
      clearRegistrationCache();
      if (await Registration.exists({ issuer: p.issuer, clientId: p.clientId }))
        throw new AppError('registration_exists', 'This LMS is already registered; a registration never replaces an existing one.', {
          status: 409,
          hint: 'Use: npm run platform -- update',
        });
      await registerPlatform(p);
      await Registration.create({
        issuer: p.issuer,
        clientId: p.clientId,
        name: p.name,
        authEndpoint: p.authEndpoint,
        tokenEndpoint: p.tokenEndpoint,
        jwksUrl: p.jwksUrl,
      });
    },
    updatePlatform: async (p) => {
      clearRegistrationCache();
      await registerPlatform(p, true);
      await Registration.updateOne(
        { issuer: p.issuer, clientId: p.clientId },
        { $set: { name: p.name, authEndpoint: p.authEndpoint, tokenEndpoint: p.tokenEndpoint, jwksUrl: p.jwksUrl } },
      );
    },
  };
}
