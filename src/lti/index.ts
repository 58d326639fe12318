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
import express, { type Request, type Response, type NextFunction } from 'express';
import cookieParser from 'cookie-parser';
import ltijs, { type LtijsProvider } from 'ltijs';
import type { Logger } from '../logger.ts';
import { Registration } from '../repositories/models/Registration.ts';
import { LoginAttempt } from '../repositories/models/LoginAttempt.ts';
import { AppError, ForbiddenError } from '../errors.ts';
import { toRole } from './claims.ts';
import { fromLtijs, ltiError } from './errors.ts';
import { JwksCache } from './jwks.ts';
import { clearRegistrationCache, validateLaunch, type ValidatedLaunch } from './launchValidator.ts';
import { toLaunchContext, type LaunchContext } from './launchContext.ts';
import { dynamicRegistrationRoute } from './dynamicRegistration.ts';
import { canvasConfig } from './canvasConfig.ts';
import { AgsClient } from './ags.ts';

export type { LaunchContext };
export { SCOPES } from './claims.ts';

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
  /** Connects ltijs to the (already open) mongoose connection. */
  init(): Promise<void>;
  registerPlatform(p: { issuer: string; clientId: string; name: string; authEndpoint: string; tokenEndpoint: string; jwksUrl: string }): Promise<void>;
  /** Call after changing a registration outside the adapter (e.g. adding a deployment). */
  registrationsChanged(): void;
}

/** ltijs exports a ready-made instance; its class lets every app (and benchmark) have its own. */
function newProvider(): LtijsProvider {
  const ProviderClass = (ltijs.Provider as unknown as { constructor: new () => LtijsProvider }).constructor;
  return new ProviderClass();
}

const validated = new WeakMap<Request, ValidatedLaunch>();

interface DeepLinkToken {
  platformContext?: {
    messageType?: string;
    roles?: string[];
    deepLinkingSettings?: { accept_types?: string[]; accept_lineitem?: boolean | string; deep_link_return_url?: string };
  };
}

export function createLti(opts: LtiOptions): Lti {
  const log = opts.log.child({ component: 'lti' });
  const provider = newProvider();
  const jwks = new JwksCache();
  provider.setup(opts.key, { url: opts.mongoUri }, {
    appRoute: '/launch',
    loginRoute: '/login',
    keysetRoute: '/keys',
    dynRegRoute: '/ltijs-register-unused',
    cookies: { secure: true, sameSite: 'None' },
    devMode: false,
    ltiaas: true,
    cors: false,
    tokenMaxAge: opts.tokenMaxAgeSeconds,
  });

  const fail = (req: Request, res: Response, next: NextFunction) => {
    const detail = (res.locals.err as { details?: { message?: string } } | undefined)?.details?.message;
    log.warn({ ltijs: detail, path: req.path }, 'ltijs refused a request');
    next(fromLtijs(detail));
  };
  provider.onInvalidToken(fail);
  provider.onSessionTimeout(fail);
  provider.onUnregisteredPlatform((req, _res, next) => next(ltiError('unknown_platform')));
  provider.onInactivePlatform((req, _res, next) => next(ltiError('inactive_platform')));
  const connect = async (token: unknown, req: Request, res: Response, next: NextFunction) => {
    const v = validated.get(req);
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

  // Login: partitioned cookies (CHIPS) so the state cookie survives in a cross-site iframe, and a
  // record of the login parameters by state (see LoginAttempt).
  router.all('/login', (req, res, next) => {
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...req.query, ...(req.body as object) })) if (typeof v === 'string') params[k] = v;
    if (!params.iss || !params.login_hint || !params.target_link_uri) return next(ltiError('bad_login', 'iss, login_hint and target_link_uri are required'));
    const cookie = res.cookie.bind(res);
    res.cookie = ((name: string, value: unknown, o: express.CookieOptions = {}) => cookie(name, value, { ...o, partitioned: true })) as typeof res.cookie;
    const redirect = res.redirect.bind(res) as (url: string) => void;
    res.redirect = ((url: string) => {
      const state = new URL(url).searchParams.get('state');
      if (!state) return redirect(url);
      // Not awaited: the record only serves to explain a failed launch, and it is written long
      // before the browser comes back from the platform.
      LoginAttempt.create({ state, params }).catch((err: unknown) => log.warn({ err }, 'could not record a login attempt'));
      redirect(url);
    }) as typeof res.redirect;
    next();
  });

  router.post('/launch', (req, res, next) => {
    const body = req.body as Record<string, unknown>;
    if (body.id_token === undefined && body.state === undefined) return next();
    const state = typeof body.state === 'string' ? body.state : '';
    const signed = req.signedCookies as Record<string, string | false | undefined>;
    const cookie = signed[`state${state}`];
    validateLaunch({ idToken: body.id_token, state: body.state, stateCookie: typeof cookie === 'string' ? cookie : undefined }, {
      jwks,
      tokenMaxAgeSeconds: opts.tokenMaxAgeSeconds,
      acceptNewDeployments: opts.acceptNewDeployments,
    })
      .then((v) => {
        validated.set(req, v);
        next();
      })
      .catch(async (err: unknown) => {
        if ((err as { code?: string }).code === 'cookies_blocked') {
          const attempt = await LoginAttempt.findOne({ state }).lean();
          const params = attempt?.params ? Object.fromEntries(Object.entries(attempt.params as Record<string, string>)) : undefined;
          res.locals.newWindowUrl = params ? `${opts.publicUrl}/lti/login?${new URLSearchParams(params)}` : undefined;
        }
        next(err);
      });
  });

  router.get('/register', dynamicRegistrationRoute({ publicUrl: opts.publicUrl, log, register: (p) => registerPlatform(p), registered: clearRegistrationCache }));
  router.get('/config/canvas.json', (_req, res) => res.json(canvasConfig(opts.publicUrl)));
  // Deep Linking answer: ltijs's session validator (ltik) runs first and loads the request's token.
  provider.app.post('/deeplink', async (req, res, next) => {
    try {
      const token = res.locals.token as DeepLinkToken | undefined;
      const settings = token?.platformContext?.deepLinkingSettings;
      if (!token || token.platformContext?.messageType !== 'LtiDeepLinkingRequest' || !settings) throw ltiError('session_expired');
      if (toRole(token.platformContext.roles ?? []) === 'learner') throw new ForbiddenError('Only teachers can add Pathwise activities.');
      let items = await opts.onDeepLinkSubmit(req.body);
      if (settings.accept_lineitem === false || settings.accept_lineitem === 'false') items = items.map(({ lineItem: _omit, ...rest }) => rest);
      if (!(settings.accept_types ?? []).includes('ltiResourceLink')) throw new AppError('dl_unsupported', 'This place in the LMS does not accept activity links.', { status: 400, hint: 'Add Pathwise from an assignment or a module instead.' });
      const html = await provider.DeepLinking.createDeepLinkingForm(token, items, { message: `Added ${items.length} Pathwise activit${items.length === 1 ? 'y' : 'ies'}.` });
      res.type('html').send(html);
    } catch (err) {
      next(err);
    }
  });

  async function registerPlatform(p: { issuer: string; clientId: string; name: string; authEndpoint: string; tokenEndpoint: string; jwksUrl: string }) {
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

  return {
    mount: (app) => {
      // Pages rendered inside ltijs's app (the Deep Linking picker) need the main app's locals (asset()).
      Object.assign(provider.app.locals, app.locals);
      app.use('/lti', router);
      app.use('/lti', provider.app);
    },
    ags: new AgsClient(async (issuer, clientId) => {
      const platform = await provider.getPlatform(issuer, clientId);
      if (!platform) throw ltiError('unknown_platform');
      return platform;
    }, log),
    init: async () => {
      await provider.Database.setup();
    },
    registrationsChanged: clearRegistrationCache,
    registerPlatform: async (p) => {
      clearRegistrationCache();
      await registerPlatform(p);
      await Registration.updateOne(
        { issuer: p.issuer, clientId: p.clientId },
        { $setOnInsert: { name: p.name, authEndpoint: p.authEndpoint, tokenEndpoint: p.tokenEndpoint, jwksUrl: p.jwksUrl } },
        { upsert: true },
      );
    },
  };
}
