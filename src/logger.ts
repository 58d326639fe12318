/**
 * pino logger with redaction of every credential that crosses Pathwise: id_tokens, session
 * tokens (`s`), ltik, client assertions, access tokens, registration tokens, authorization
 * headers, cookies, keys, and request bodies (which carry all of those).
 *
 * Two layers: named paths are censored by pino's redaction, and as a last resort every string
 * logged (messages, error messages and stacks included) is scrubbed of anything shaped like a JWT,
 * a Bearer credential or a PEM key, so a token that reaches a log through an unexpected field or an
 * error message is still not written.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

const SECRET_FIELDS = [
  'id_token',
  'ltik',
  's',
  'JWT',
  'client_assertion',
  'access_token',
  'registration_token',
  'token',
  'refresh_token',
  'authorization',
  'cookie',
  'secret',
  'key',
  'privateKey',
  'password',
  'body',
  'state',
  'nonce',
];

export const REDACT_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((f) => `*.${f}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'req.query.ltik',
  'req.body',
  'err.body',
  'err.config',
];

const TOKEN_SHAPES = [
  /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
];

/** Replaces token-shaped substrings. */
export function scrub(text: string): string {
  let out = text;
  for (const re of TOKEN_SHAPES) out = out.replace(re, '[redacted]');
  return out;
}

function scrubDeep(v: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof v === 'string') return scrub(v);
  if (v === null || typeof v !== 'object' || depth > 8) return v;
  if (seen.has(v)) return '[circular]';
  seen.add(v);
  if (v instanceof Error) {
    const out: Record<string, unknown> = { type: v.name, message: scrub(v.message), stack: scrub(v.stack ?? '') };
    for (const [k, x] of Object.entries(v)) if (!(k in out)) out[k] = scrubDeep(x, depth + 1, seen);
    if (v.cause !== undefined) out.cause = scrubDeep(v.cause, depth + 1, seen);
    return out;
  }
  if (Array.isArray(v)) return v.map((x) => scrubDeep(x, depth + 1, seen));
  if (v instanceof Date) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = scrubDeep(x, depth + 1, seen);
  return out;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { app: 'pathwise' },
      formatters: { log: (o) => scrubDeep(o, 0, new WeakSet()) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
