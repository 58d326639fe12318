/**
 * Registers an LMS by hand (the fallback to Dynamic Registration, e.g. after pasting the Canvas
 * JSON configuration), creates one-time Dynamic Registration links, lists registrations, adds
 * deployments, and changes a platform's endpoints or keys (only here: a registration never
 * replaces an existing platform).
 *
 *   npm run --silent platform -- invite [--expires 24h] [--label "Lincoln Elementary Moodle"]
 *   npm run --silent platform -- update --issuer URL --client-id ID [--auth-url URL] [--token-url URL] [--jwks-url URL] [--name N]
 *   npm run --silent platform -- add --preset canvas --client-id ID [--canvas-env prod|beta|test] [--canvas-host HOST] [--deployment ID]... [--accept-new-deployments]
 *   npm run --silent platform -- add --preset moodle --site https://moodle.example.edu --client-id ID [--deployment ID]
 *   npm run --silent platform -- add --issuer URL --client-id ID --auth-url URL --token-url URL --jwks-url URL [--name N] [--deployment ID]...
 *   npm run --silent platform -- add-deployment --issuer URL --client-id ID --deployment ID
 *   npm run --silent platform -- list
 *   npm run --silent platform -- rotate-keys [--grace 24h]     new signing key; the old one stays published for the grace
 *   npm run --silent platform -- rotate-keys --retire          retire the replaced keys now (no longer published)
 *   npm run --silent platform -- rotate-keys --list            the tool's keys and their state
 *
 * It talks to the database of a running Pathwise (MONGODB_URI, or the embedded engine on DB_PORT).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import { withDatabase } from './db.ts';
import { runTool, UsageError } from './usage.ts';
import { createLogger } from '../logger.ts';
import { Registration } from '../repositories/models/Registration.ts';
import { createInvite } from '../repositories/registrations.ts';
import { resolveSecret } from '../secret.ts';
import { dataKeyFor } from '../commands/privacy/keyRotation.ts';
import { listToolKeys, retireToolKeys, rotateToolKeys } from '../lti/toolKeys.ts';

const url = z.string().url();
const CANVAS_SSO = {
  prod: 'https://sso.canvaslms.com',
  beta: 'https://sso.beta.canvaslms.com',
  test: 'https://sso.test.canvaslms.com',
} as const;
const CANVAS_ISSUER = {
  prod: 'https://canvas.instructure.com',
  beta: 'https://canvas.beta.instructure.com',
  test: 'https://canvas.test.instructure.com',
} as const;

/** Fills in the endpoints each platform documents (interop rule 2: Canvas sso.* hosts, Moodle /mod/lti/*). */
export function platformFromArgs(v: Record<string, string | boolean | string[] | undefined>) {
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  let p: { issuer?: string; authEndpoint?: string; tokenEndpoint?: string; jwksUrl?: string; name?: string };
  if (v.preset === 'canvas') {
    const env = (str('canvas-env') ?? 'prod') as keyof typeof CANVAS_SSO;
    if (!(env in CANVAS_SSO)) throw new UsageError('--canvas-env must be prod, beta or test');
    const host = str('canvas-host');
    if (!host)
      throw new UsageError('--preset canvas needs --canvas-host (your Canvas host, e.g. school.instructure.com) for the token endpoint');
    p = {
      issuer: CANVAS_ISSUER[env],
      authEndpoint: `${CANVAS_SSO[env]}/api/lti/authorize_redirect`,
      jwksUrl: `${CANVAS_SSO[env]}/api/lti/security/jwks`,
      tokenEndpoint: `https://${host}/login/oauth2/token`,
      name: `Canvas ${host}`,
    };
  } else if (v.preset === 'moodle') {
    const site = str('site')?.replace(/\/+$/, '');
    if (!site) throw new UsageError('--preset moodle needs --site (the Moodle site URL, which is its issuer)');
    p = {
      issuer: site,
      authEndpoint: `${site}/mod/lti/auth.php`,
      tokenEndpoint: `${site}/mod/lti/token.php`,
      jwksUrl: `${site}/mod/lti/certs.php`,
      name: `Moodle ${new URL(site).host}`,
    };
  } else if (v.preset !== undefined) {
    throw new UsageError('--preset must be canvas or moodle');
  } else {
    p = { issuer: str('issuer'), authEndpoint: str('auth-url'), tokenEndpoint: str('token-url'), jwksUrl: str('jwks-url') };
  }
  const parsed = z
    .object({ issuer: url, clientId: z.string().min(1), authEndpoint: url, tokenEndpoint: url, jwksUrl: url, name: z.string().min(1) })
    .safeParse({
      ...p,
      clientId: str('client-id'),
      name: str('name') ?? p.name ?? (url.safeParse(p.issuer).success ? new URL(p.issuer!).host : 'LMS'),
    });
  const flag: Record<string, string> = {
    issuer: '--issuer',
    clientId: '--client-id',
    authEndpoint: '--auth-url',
    tokenEndpoint: '--token-url',
    jwksUrl: '--jwks-url',
    name: '--name',
  };
  if (!parsed.success)
    throw new UsageError(parsed.error.issues.map((i) => `${flag[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`).join('\n'));
  return parsed.data;
}

/** "24h", "90m", "7d" to milliseconds (at most 30 days: an invite is meant to be used soon). */
export function parseDuration(v: string, flag = '--expires'): number {
  const m = /^(\d+)\s*(m|h|d)$/.exec(v.trim());
  if (!m) throw new UsageError(`${flag} takes a duration such as 30m, 24h or 7d`);
  const ms = Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'];
  if (ms <= 0 || ms > 30 * 86_400_000) throw new UsageError(`${flag} must be between 1 minute and 30 days`);
  return ms;
}

/** `rotate-keys`: a new signing key, retiring the replaced ones, or the list. */
async function rotateKeys(values: { grace?: string; retire?: boolean; list?: boolean }, encKey: string): Promise<void> {
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  if (values.list) {
    out(JSON.stringify(await listToolKeys(), null, 2));
    return;
  }
  if (values.retire) {
    const { retired, tooRecent } = await retireToolKeys();
    out(retired.length ? `retired ${retired.join(', ')} (no longer published)` : 'no replaced key to retire');
    if (tooRecent.length)
      throw new UsageError(
        `not retired yet: ${tooRecent.map((k) => k.kid).join(', ')}, replaced too recently (running instances may still sign with it); run --retire again in ${Math.ceil(Math.max(...tooRecent.map((k) => k.waitMs)) / 1000)} s`,
      );
    return;
  }
  const r = await rotateToolKeys(encKey, { graceMs: parseDuration(values.grace ?? '24h', '--grace') });
  out(`new signing key ${r.kid}`);
  process.stderr.write(
    `${r.retiring.length ? `Replaced key ${r.retiring.join(', ')} stays published until ${r.retireAt.toISOString()}` : 'No key was replaced'}; running instances switch to the new key within a minute. Retire the old key earlier with: platform -- rotate-keys --retire\n`,
  );
}

/** ltijs, loaded only by the commands that register or update a platform through it (it brings express). */
async function ltiFor(uri: string) {
  const { createLti } = await import('../lti/index.ts');
  const config = loadConfig();
  return createLti({
    publicUrl: config.publicUrl,
    key: dataKeyFor(config.dataKey ?? resolveSecret(config)),
    mongoUri: uri,
    tokenMaxAgeSeconds: config.ltiTokenMaxAgeSeconds,
    acceptNewDeployments: false,
    log: createLogger('warn'),
    onLaunch: async () => undefined,
    onDeepLinkSubmit: async () => [],
  });
}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      preset: { type: 'string' },
      site: { type: 'string' },
      'canvas-host': { type: 'string' },
      'canvas-env': { type: 'string' },
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      'auth-url': { type: 'string' },
      'token-url': { type: 'string' },
      'jwks-url': { type: 'string' },
      name: { type: 'string' },
      deployment: { type: 'string', multiple: true },
      'accept-new-deployments': { type: 'boolean' },
      expires: { type: 'string' },
      label: { type: 'string' },
      grace: { type: 'string' },
      retire: { type: 'boolean' },
      list: { type: 'boolean' },
    },
  });
  if (!command || !['add', 'add-deployment', 'list', 'invite', 'update', 'rotate-keys'].includes(command))
    throw new UsageError('commands: add, add-deployment, list, invite, update, rotate-keys (see the header of src/cli/platform.ts)');
  const platform = command === 'add' ? platformFromArgs(values) : undefined;
  const expiresInMs = command === 'invite' ? parseDuration(values.expires ?? '24h') : 0;

  const config = loadConfig();
  await withDatabase(config, async (uri) => {
    if (command === 'rotate-keys') return rotateKeys(values, dataKeyFor(config.dataKey ?? resolveSecret(config)));
    if (command === 'list') {
      const regs = await Registration.find(
        {},
        { _id: 0, issuer: 1, clientId: 1, name: 1, deploymentIds: 1, acceptNewDeployments: 1, scopesGranted: 1 },
      ).lean();
      process.stdout.write(`${JSON.stringify(regs, null, 2)}\n`);
      return;
    }
    if (command === 'invite') {
      const { token, expiresAt } = await createInvite({ label: values.label ?? '', expiresInMs });
      process.stdout.write(`${config.publicUrl}/lti/register/${token}\n`);
      process.stderr.write(
        `One-time registration link${values.label ? ` for ${values.label}` : ''}, valid until ${expiresAt.toISOString()}. Paste it into the LMS as the Dynamic Registration URL; it works once.\n`,
      );
      return;
    }
    if (command === 'update') {
      const issuer = values.issuer;
      const clientId = values['client-id'];
      if (!issuer || !clientId) throw new UsageError('update needs --issuer and --client-id (see: platform list)');
      const current = await Registration.findOne({ issuer, clientId }).lean();
      if (!current) throw new UsageError(`no registration for issuer ${issuer} and client ${clientId} (see: platform list)`);
      const next = z.object({ authEndpoint: url, tokenEndpoint: url, jwksUrl: url, name: z.string().min(1) }).safeParse({
        authEndpoint: values['auth-url'] ?? current.authEndpoint,
        tokenEndpoint: values['token-url'] ?? current.tokenEndpoint,
        jwksUrl: values['jwks-url'] ?? current.jwksUrl,
        name: values.name ?? current.name,
      });
      if (!next.success) throw new UsageError(next.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('\n'));
      const lti = await ltiFor(uri);
      await lti.init();
      await lti.updatePlatform({ issuer, clientId, ...next.data });
      process.stdout.write(`updated ${next.data.name} (issuer ${issuer}, client ${clientId})\n`);
      return;
    }
    if (command === 'add-deployment') {
      const issuer = values.issuer;
      const clientId = values['client-id'];
      if (!issuer || !clientId || !values.deployment?.length)
        throw new UsageError('add-deployment needs --issuer, --client-id and --deployment');
      const res = await Registration.updateOne({ issuer, clientId }, { $addToSet: { deploymentIds: { $each: values.deployment } } });
      if (res.matchedCount === 0) throw new UsageError(`no registration for issuer ${issuer} and client ${clientId} (see: platform list)`);
      process.stdout.write(`added ${values.deployment.join(', ')}\n`);
      return;
    }
    if (await Registration.exists({ issuer: platform!.issuer, clientId: platform!.clientId })) {
      throw new UsageError(
        `issuer ${platform!.issuer} with client ${platform!.clientId} is already registered; change it with: platform update`,
      );
    }
    const lti = await ltiFor(uri);
    await lti.init();
    await lti.registerPlatform(platform!);
    await Registration.updateOne(
      { issuer: platform!.issuer, clientId: platform!.clientId },
      {
        $set: { name: platform!.name, acceptNewDeployments: values['accept-new-deployments'] ?? false },
        $addToSet: { deploymentIds: { $each: values.deployment ?? [] } },
      },
    );
    process.stdout.write(`registered ${platform!.name} (issuer ${platform!.issuer}, client ${platform!.clientId})\n`);
  });
}

runTool('platform', () => main(process.argv.slice(2)));
