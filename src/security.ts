/**
 * Browser hardening and input boundaries for every Pathwise response (app.ts mounts these first):
 *
 * - helmet: a Content-Security-Policy with no inline scripts or styles (pages load bundled files
 *   from /static), `frame-ancestors` limited to Pathwise and the origins of registered platforms
 *   (the LMS pages that embed it), `form-action` likewise (a Deep Linking answer posts to the
 *   LMS), HSTS in production, `Referrer-Policy: no-referrer` (session tokens travel in URLs),
 *   `X-Content-Type-Options: nosniff`. No X-Frame-Options: it cannot name several origins and
 *   would stop the LMS from framing Pathwise; frame-ancestors replaces it.
 * - the query boundary: a query value is text or a list of texts, never an object
 *   (`client_id[$ne]=` is refused here, before any lookup, ltijs's included).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { ValidationError } from './errors.ts';
import { platformOrigins } from './repositories/registrations.ts';
import { TtlCache } from './ttlCache.ts';

const origins = new TtlCache<string[]>(30_000);

/** Call after a registration changes so new platforms may frame Pathwise at once. */
export function clearFrameAncestors(): void {
  origins.clear();
}

async function registeredOrigins(): Promise<string[]> {
  let o = origins.get('all');
  if (!o) {
    o = await platformOrigins();
    origins.set('all', o);
  }
  return o;
}

/**
 * The platform starting a Dynamic Registration shows Pathwise's registration page in its own frame
 * before it is registered: that page (and only it) may be framed by the origin of the
 * `openid_configuration` it names, or the LMS shows the browser's "refused to connect" instead of
 * "Pathwise is registered", and its dialog never hears that it may close.
 */
function registeringOrigin(req: Request): string | undefined {
  if (req.method !== 'GET' || !/^\/lti\/register(\/[^/]+)?\/?$/.test(req.path)) return undefined;
  const v = req.query.openid_configuration;
  if (typeof v !== 'string') return undefined;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

export function securityHeaders(opts: { production: boolean }): RequestHandler[] {
  const loadOrigins: RequestHandler = (req, res, next) => {
    registeredOrigins()
      .then((registered) => {
        const registering = registeringOrigin(req);
        const o = registering ? [...registered, registering] : registered;
        // CSP source expressions cannot contain spaces or quotes; stored URLs were parsed, but be strict.
        res.locals.platformOrigins = o.filter((x) => /^https?:\/\/[^\s'";,]+$/.test(x)).join(' ');
        next();
      })
      .catch(next);
  };
  const fromLocals = (_req: unknown, res: unknown) => String((res as Response).locals.platformOrigins ?? '');
  return [
    loadOrigins,
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'", fromLocals],
          frameAncestors: ["'self'", fromLocals],
          ...(opts.production ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: opts.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'no-referrer' },
      xFrameOptions: false,
      // The LMS opens Pathwise in a new window when cookies are blocked: keep that window working.
      crossOriginOpenerPolicy: false,
      crossOriginResourcePolicy: { policy: 'same-origin' },
    }),
  ];
}

function plainValue(v: unknown): boolean {
  return typeof v === 'string' || (Array.isArray(v) && v.length <= 100 && v.every((x) => typeof x === 'string'));
}

/** Refuses objects in the query string and in already-parsed bodies. */
export function plainInputs(req: Request, _res: Response, next: NextFunction): void {
  for (const source of [req.query, req.body] as unknown[]) {
    if (source === undefined || source === null || typeof source !== 'object') continue;
    for (const [k, v] of Object.entries(source)) {
      if (k.includes('$') || k === '__proto__' || !plainValue(v))
        return next(new ValidationError(`The request field "${k.slice(0, 40)}" must be plain text.`));
    }
  }
  next();
}

/** body-parser's errors, in plain words with the right status (they used to answer 500). */
export function bodyError(err: unknown): { status: number; code: string; message: string } | undefined {
  const type = (err as { type?: unknown }).type;
  switch (type) {
    case 'entity.too.large':
      return { status: 413, code: 'too_large', message: 'The request was too large.' };
    case 'parameters.too.many':
      return { status: 413, code: 'too_many_fields', message: 'The form has too many fields.' };
    case 'entity.parse.failed':
      return { status: 400, code: 'malformed_body', message: 'The request body could not be read (malformed form or JSON).' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, code: 'unsupported_encoding', message: 'The request uses an encoding Pathwise does not read.' };
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return { status: 400, code: 'malformed_body', message: 'The request body was incomplete.' };
    default:
      return undefined;
  }
}
