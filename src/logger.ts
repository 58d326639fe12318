/** pino logger with redaction of every credential that crosses Pathwise. */
import pino, { type Logger } from 'pino';

export type { Logger };

export const REDACT_PATHS = [
  'id_token', '*.id_token', 'ltik', '*.ltik', 'client_assertion', '*.client_assertion',
  'authorization', '*.authorization', 'req.headers.authorization', 'req.headers.cookie',
  'res.headers["set-cookie"]', 'access_token', '*.access_token', 'secret', '*.secret', 'req.query.ltik',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'pathwise' } }, destination);
}
