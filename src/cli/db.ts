/** Connects a command-line tool to the database of a running Pathwise (MONGODB_URI, or the embedded engine on DB_PORT). */
import type { Config } from '../config.ts';
import { connectDatabase, disconnectDatabase } from '../db/connection.ts';
import { UsageError } from './usage.ts';

export function databaseUri(config: Config): string {
  return config.mongodbUri ?? `mongodb://127.0.0.1:${config.dbPort}/pathwise`;
}

export async function withDatabase<T>(config: Config, fn: (uri: string) => Promise<T>): Promise<T> {
  const uri = databaseUri(config);
  await connectDatabase(uri, config.mongodbUri ? {} : { maxPoolSize: 1 }).catch(() => {
    throw new UsageError(`cannot reach the database at ${uri.replace(/\/\/[^@]*@/, '//')}: start Pathwise (npm start) or set MONGODB_URI`);
  });
  try {
    return await fn(uri);
  } finally {
    await disconnectDatabase();
  }
}
