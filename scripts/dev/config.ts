/**
 * Settings of the sandbox LMS that `npm start` runs next to Pathwise. They belong to the
 * development launcher, not to the product: Pathwise's own configuration (src/config.ts) knows
 * nothing of a sandbox. Read from the environment once, with zod, like the product's.
 */
import { z } from 'zod';
import { bool, ConfigError, defined, followPort, httpUrl } from '../../src/config.ts';

const schema = z.object({
  enabled: z.coerce.boolean(),
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  url: httpUrl,
});

export type SandboxConfig = Readonly<z.infer<typeof schema>>;

const DEFAULTS = { enabled: true, port: 3100, host: '127.0.0.1', url: 'http://127.0.0.1:3100' };

/** `SANDBOX` (on unless `0`/`false`), `SANDBOX_PORT`, `SANDBOX_URL` (follows `SANDBOX_PORT` unless set). */
export function loadSandboxConfig(env: Record<string, string | undefined> = process.env): SandboxConfig {
  const raw = {
    ...DEFAULTS,
    ...defined({ enabled: bool(env.SANDBOX), port: env.SANDBOX_PORT, url: env.SANDBOX_URL }),
  };
  if (env.SANDBOX_URL === undefined) raw.url = followPort(DEFAULTS.url, env.SANDBOX_PORT) as string;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `SANDBOX_${i.path.join('_').toUpperCase()}: ${i.message}`));
  return Object.freeze(parsed.data);
}
