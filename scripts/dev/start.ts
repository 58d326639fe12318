/**
 * `npm start`: the embedded database engine, Pathwise and the sandbox LMS, with Pathwise
 * registered in both sandbox flavours through Dynamic Registration (the path a real admin takes).
 * The sandbox runs on another site (127.0.0.1:3100) than the tool (localhost:3000), so the course
 * page's iframe is cross-site, as in production.
 */
import path from 'node:path';
import { ConfigError, loadConfig, projectRoot } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { createInvite } from '../../src/repositories/registrations.ts';
import { onShutdown, startServer } from '../../src/server.ts';
import { startSandbox, type Flavour } from '../sandbox/index.ts';
import { loadSandboxConfig } from './config.ts';

async function main() {
  const config = loadConfig();
  const sandbox = loadSandboxConfig();
  const log = createLogger(config.logLevel);
  const tool = await startServer(config, log);
  if (!sandbox.enabled) {
    onShutdown(log, tool.stop);
    return;
  }
  const sb = await startSandbox({
    baseUrl: sandbox.url,
    port: sandbox.port,
    host: sandbox.host,
    stateFile: path.resolve(projectRoot, config.dataDir, 'sandbox.json'),
    logger: log.child({ component: 'sandbox' }),
    settings: { requireConfigToken: true },
  });
  onShutdown(log, async () => {
    await sb.close();
    await tool.stop();
  });

  for (const flavour of ['canvas', 'moodle'] as Flavour[]) {
    const known = sb.sandbox.registrations().some((r) => r.flavour === flavour && r.initiateLoginUri.startsWith(config.publicUrl));
    if (known) continue;
    // What the admin's browser does when it opens the registration URL.
    // The operator's step (npm run platform -- invite) done in-process: a one-time registration link.
    const { token } = await createInvite({ label: `sandbox ${flavour}`, expiresInMs: 600_000 });
    const { url } = sb.sandbox.beginRegistration(flavour, `${config.publicUrl}/lti/register/${token}`);
    const res = await fetch(url).catch((e: unknown) => {
      throw new Error(
        `Dynamic Registration with the ${flavour} sandbox could not reach Pathwise at ${config.publicUrl} (${(e as Error).message}); PUBLIC_URL must be an address this machine can open`,
      );
    });
    if (!res.ok)
      throw new Error(`Dynamic Registration with the ${flavour} sandbox failed: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
    log.info({ flavour }, 'registered Pathwise with the sandbox LMS through Dynamic Registration');
  }

  const canvas = sb.sandbox.flavours.canvas;
  const moodle = sb.sandbox.flavours.moodle;
  process.stdout.write(
    [
      '',
      'Pathwise is running.',
      `  Open the sandbox LMS:   ${sb.url}/`,
      `  Canvas-style course:    ${sb.url}/courses/${canvas.courseId}`,
      `  Moodle-style course:    ${sb.url}/courses/${moodle.courseId}`,
      `  Pathwise itself:        ${config.publicUrl}/`,
      'On a course page, press "Launch as ..." for a student, answer a question, then open the gradebook.',
      'Stop with Ctrl+C.',
      '',
    ].join('\n'),
  );
}

// Ctrl+C or SIGTERM during start-up: the shutdown handler stops what started; what the stop
// interrupted (a registration with the sandbox in flight) is not a failure to report.
let stopping = false;
// Before the shutdown handler is in place, the signal still ends the process at once.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    stopping = true;
    if (process.listenerCount(signal) === 0) process.exit(signal === 'SIGINT' ? 130 : 143);
  });

main().catch((err: unknown) => {
  if (stopping) return;
  process.stderr.write(
    err instanceof ConfigError ? `${err.message}\n` : `Pathwise could not start: ${(err as Error).stack ?? String(err)}\n`,
  );
  process.exit(err instanceof ConfigError ? 2 : 1);
});
