/**
 * Typed configuration. The environment (and the per-environment defaults in `config/`) is parsed
 * once, here, with zod; every problem is listed at once. No other module reads `process.env`:
 * everything else receives a `Config`. The variables are listed in the README (Configuration).
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://')
  .transform((u) => u.replace(/\/+$/, ''));

const schema = z.object({
  env: z.enum(['development', 'test', 'production']),
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  publicUrl: httpUrl,
  dataDir: z.string().min(1),
  dbPort: z.coerce.number().int().min(0).max(65535),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  mongodbUri: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI')
    .optional(),
  secret: z.string().min(32, 'must be at least 32 characters (generate one with: openssl rand -hex 32)').optional(),
  /** Encrypts keys and credentials stored in the database (docs/privacy.md, "Secrets at rest"). */
  dataKey: z.string().min(32, 'must be at least 32 characters (generate one with: openssl rand -hex 32)').optional(),
  /** The data key being replaced, during a rotation only (npm run privacy -- rotate-key). */
  dataKeyPrevious: z.string().min(32, 'must be at least 32 characters').optional(),
  retentionIntervalHours: z.coerce.number().min(0),
  auditRetentionDays: z.coerce.number().int().min(365),
  ltiTokenMaxAgeSeconds: z.coerce.number().int().min(5).max(600),
  acceptNewDeployments: z.coerce.boolean(),
  sessionTtlSeconds: z.coerce.number().int().min(60),
  sweepIntervalSeconds: z.coerce.number().int().min(1),
  gradeRetryBaseMs: z.coerce.number().int().min(1),
  refitIntervalHours: z.coerce.number().min(0),
  refitMinStudents: z.coerce.number().int().min(1),
  /** Host names Pathwise may contact although they resolve to private addresses (an on-premises LMS). */
  outboundAllowHosts: z.array(z.string().min(1)).default([]),
  rateLimits: z.object({
    windowSeconds: z.coerce.number().int().min(1),
    login: z.coerce.number().int().min(1),
    launch: z.coerce.number().int().min(1),
    register: z.coerce.number().int().min(1),
    keys: z.coerce.number().int().min(1),
    answer: z.coerce.number().int().min(1),
    perPlatform: z.coerce.number().int().min(1),
  }),
});

export type Config = Readonly<z.infer<typeof schema>>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function readJson(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

export function bool(v: string | undefined): boolean | undefined {
  if (v === undefined || v === '') return undefined;
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  return v as unknown as boolean; // left for zod to report
}

export function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * A local default URL (localhost or 127.0.0.1) follows a port given in the environment, so `PORT=3999`
 * alone moves the public URL too; a URL that names another host is left as configured.
 */
export function followPort(url: unknown, port: string | undefined): unknown {
  if (typeof url !== 'string' || port === undefined || !/^\d+$/.test(port)) return url;
  try {
    const u = new URL(url);
    if (u.hostname !== 'localhost' && u.hostname !== '127.0.0.1') return url;
    u.port = port;
    return u.toString().replace(/\/+$/, '');
  } catch {
    return url; // left for zod to report
  }
}

/** Builds the configuration from an environment (process.env by default) and the config/ defaults. */
export function loadConfig(env: Env = process.env, overrides: Partial<Record<string, unknown>> = {}): Config {
  const envName = env.NODE_ENV ?? 'development';
  const base = readJson(path.join(projectRoot, 'config', 'default.json'));
  const perEnv = readJson(path.join(projectRoot, 'config', `${envName}.json`));
  const fromEnv = defined({
    port: env.PORT,
    host: env.HOST,
    publicUrl: env.PUBLIC_URL,
    dataDir: env.DATA_DIR,
    dbPort: env.DB_PORT,
    logLevel: env.LOG_LEVEL,
    mongodbUri: env.MONGODB_URI || undefined,
    secret: env.PATHWISE_SECRET || undefined,
    dataKey: env.PATHWISE_DATA_KEY || undefined,
    dataKeyPrevious: env.PATHWISE_DATA_KEY_PREVIOUS || undefined,
    retentionIntervalHours: env.RETENTION_INTERVAL_HOURS,
    auditRetentionDays: env.AUDIT_RETENTION_DAYS,
    ltiTokenMaxAgeSeconds: env.LTI_TOKEN_MAX_AGE,
    acceptNewDeployments: bool(env.LTI_ACCEPT_NEW_DEPLOYMENTS),
    refitIntervalHours: env.REFIT_INTERVAL_HOURS,
    refitMinStudents: env.REFIT_MIN_STUDENTS,
    sessionTtlSeconds: env.SESSION_TTL_SECONDS,
    outboundAllowHosts: env.LTI_ALLOW_PRIVATE_HOSTS
      ? env.LTI_ALLOW_PRIVATE_HOSTS.split(',')
          .map((h) => h.trim())
          .filter(Boolean)
      : undefined,
  });
  const limitsEnv = defined({
    login: env.RATE_LIMIT_LOGIN,
    launch: env.RATE_LIMIT_LAUNCH,
    register: env.RATE_LIMIT_REGISTER,
    keys: env.RATE_LIMIT_KEYS,
    answer: env.RATE_LIMIT_ANSWER,
    perPlatform: env.RATE_LIMIT_PER_PLATFORM,
  });
  const files = { ...base, ...perEnv };
  if (env.PUBLIC_URL === undefined) files.publicUrl = followPort(files.publicUrl, env.PORT);
  const raw = {
    ...files,
    ...fromEnv,
    env: envName,
    ...overrides,
    rateLimits: {
      ...(base.rateLimits as object),
      ...(perEnv.rateLimits as object),
      ...limitsEnv,
      ...((overrides.rateLimits as object) ?? {}),
    },
  };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const missing = parsed.data.env === 'production' ? productionProblems(parsed.data) : [];
  if (missing.length) throw new ConfigError(missing);
  return Object.freeze(parsed.data);
}

/** What production needs beyond a valid configuration: a real database, a secret, a data key and HTTPS. */
function productionProblems(c: z.infer<typeof schema>): string[] {
  const problems: string[] = [];
  if (!c.mongodbUri)
    problems.push('MONGODB_URI: required in production (a MongoDB replica set or Atlas URI); the embedded engine is for development');
  if (!c.secret) problems.push('PATHWISE_SECRET: required in production (generate one with: openssl rand -hex 32)');
  if (!c.dataKey)
    problems.push(
      'PATHWISE_DATA_KEY: required in production; it encrypts the signing keys stored in the database (generate one with: openssl rand -hex 32, keep it apart from PATHWISE_SECRET; see docs/privacy.md)',
    );
  else if (c.dataKey === c.secret)
    problems.push('PATHWISE_DATA_KEY: must differ from PATHWISE_SECRET (see docs/privacy.md, "Secrets at rest")');
  if (!c.publicUrl.startsWith('https://'))
    problems.push(`PUBLIC_URL: must be an https:// URL in production (LMSs launch tools over HTTPS), got ${c.publicUrl}`);
  return problems;
}
