/**
 * Rate limits for login, launch, registration, the key set and answers: per address and per
 * platform, with express-rate-limit and a store in the database, so several instances of Pathwise
 * share the counts.
 *
 * Fixed windows, in memory first, with a shared document per (limit, key, window):
 * - below half the limit an instance counts in memory only (ordinary traffic writes nothing);
 * - from half the limit on it adds its count to the shared document (one upserted document per
 *   window, incremented atomically) and takes the larger of both counts, so instances together
 *   refuse a key once the shared count passes the limit;
 * - past the limit it answers from memory again: a flood writes at most about limit/2 increments
 *   to one document per window, and no record per request.
 * With k instances a client can get up to about k x limit/2 requests through before the shared
 * count catches up: acceptable for limits meant to stop floods, not to meter exactly.
 */
import type { Request, RequestHandler } from 'express';
import jwt from 'jsonwebtoken';
import { ipKeyGenerator, rateLimit, type ClientRateLimitInfo, type Options, type Store } from 'express-rate-limit';
import { RateCounter } from './repositories/models/RateCounter.ts';
import { AppError } from './errors.ts';

class MongoWindowStore implements Store {
  private windowMs = 60_000;
  private limit = 1;
  private readonly seen = new Map<string, { window: number; hits: number; pending: number }>();
  constructor(readonly prefix: string) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
    this.limit = typeof options.limit === 'number' ? options.limit : 1;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const window = Math.floor(Date.now() / this.windowMs) * this.windowMs;
    const resetTime = new Date(window + this.windowMs);
    let local = this.seen.get(key);
    if (!local || local.window !== window) {
      if (this.seen.size > 50_000) this.seen.clear();
      local = { window, hits: 0, pending: 0 };
      this.seen.set(key, local);
    }
    local.hits += 1;
    local.pending += 1;
    // Memory only while this instance alone is under half the limit, and again once the key is
    // over it: the shared document is touched only in between, so a flood writes a bounded number
    // of times per window whatever its size.
    if (local.hits <= Math.ceil(this.limit / 2) || local.hits > this.limit + 1) return { totalHits: local.hits, resetTime };
    const inc = local.pending;
    local.pending = 0;
    const doc = await RateCounter.findOneAndUpdate(
      { _id: `${this.prefix}:${key}:${window}` },
      { $inc: { hits: inc }, $setOnInsert: { expiresAt: resetTime } },
      { upsert: true, new: true },
    ).lean();
    local.hits = Math.max(local.hits, doc?.hits ?? inc);
    return { totalHits: local.hits, resetTime };
  }

  async decrement(): Promise<void> {
    // Counts are never given back: a refused request still counted.
  }

  async resetKey(key: string): Promise<void> {
    this.seen.delete(key);
  }
}

export interface RateLimits {
  windowSeconds: number;
  login: number;
  launch: number;
  register: number;
  keys: number;
  answer: number;
  perPlatform: number;
}

const limited = (what: string) =>
  new AppError('rate_limited', `Too many ${what} requests from your network. Please wait a minute and try again.`, {
    status: 429,
    hint: 'If a whole class is launching at once, wait a moment; an administrator can raise the limits (RATE_LIMIT_* settings).',
  });

function limiter(
  name: string,
  what: string,
  windowSeconds: number,
  limit: number,
  key: (req: Request) => string | undefined,
): RequestHandler {
  return rateLimit({
    windowMs: windowSeconds * 1000,
    limit,
    store: new MongoWindowStore(name),
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => key(req) ?? 'none',
    skip: (req) => key(req) === undefined,
    handler: (_req, _res, next) => next(limited(what)),
    validate: { keyGeneratorIpFallback: false },
  });
}

const address = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown');

/** The platform a login or launch claims to come from (unverified: used only as a counter key). */
function platformOf(req: Request): string | undefined {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const iss = typeof body.iss === 'string' ? body.iss : typeof req.query.iss === 'string' ? req.query.iss : undefined;
  if (iss) return iss.slice(0, 300);
  if (typeof body.id_token === 'string') {
    const p = jwt.decode(body.id_token, { json: true });
    if (p && typeof p.iss === 'string') return p.iss.slice(0, 300);
  }
  return undefined;
}

export function rateLimiters(l: RateLimits) {
  const w = l.windowSeconds;
  return {
    login: [limiter('login', 'sign-in', w, l.login, address), limiter('login-platform', 'sign-in', w, l.perPlatform, platformOf)],
    launch: [limiter('launch', 'launch', w, l.launch, address), limiter('launch-platform', 'launch', w, l.perPlatform, platformOf)],
    register: [limiter('register', 'registration', w, l.register, address)],
    keys: [limiter('keys', 'key set', w, l.keys, address)],
    answer: [limiter('answer', 'answer', w, l.answer, address)],
  };
}
