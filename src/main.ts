/**
 * The product's entry point (`npm run serve`, after `npm run build`): Pathwise alone, without the
 * sandbox LMS. In production the configuration requires `MONGODB_URI`, `PATHWISE_SECRET` and an
 * https `PUBLIC_URL`, and lists everything missing before anything starts (exit code 2).
 */
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger } from './logger.ts';
import { onShutdown, startServer } from './server.ts';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`Pathwise cannot start.\n${err.message}\nSee the README's Configuration section.\n`);
    process.exit(2);
  }
}

const config = configOrExit();
const log = createLogger(config.logLevel);
try {
  const running = await startServer(config, log);
  onShutdown(log, running.stop);
} catch (err) {
  log.fatal({ err }, 'Pathwise could not start');
  process.exit(1);
}
