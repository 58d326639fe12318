/** Single use of short-lived tokens, with one atomic insert (a duplicate key means: used before). */
import { createHash } from 'node:crypto';
import { UsedToken } from './models/UsedToken.ts';

/** True the first time `token` is seen, false afterwards (until it has expired anyway). */
export async function useOnce(token: string, ttlSeconds: number): Promise<boolean> {
  const _id = createHash('sha256').update(token).digest('hex');
  try {
    await UsedToken.create({ _id, expiresAt: new Date(Date.now() + ttlSeconds * 1000) });
    return true;
  } catch (err) {
    if ((err as { code?: number }).code === 11000) return false;
    throw err;
  }
}

/** Whether `token` was used (read only). */
export async function wasUsed(token: string): Promise<boolean> {
  return Boolean(await UsedToken.exists({ _id: createHash('sha256').update(token).digest('hex') }));
}
