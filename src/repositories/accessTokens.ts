/**
 * Access tokens for a platform's services, stored where ltijs kept them (`accesstokens`, one
 * document per platform, client and scope set, expiring by a TTL index on `createdAt`) so that
 * every instance shares them and dropping a token (after a 401) or the data-key rotation (which
 * deletes them all) works as before. The token is encrypted like the keys (`{ iv, data }`).
 */
import mongoose from 'mongoose';

interface TokenDoc {
  platformUrl: string;
  clientId: string;
  scopes: string;
  iv: string;
  data: string;
  createdAt: Date;
}

const tokens = () => mongoose.connection.collection<TokenDoc>('accesstokens');

export async function findAccessToken(issuer: string, clientId: string, scopes: string): Promise<TokenDoc | null> {
  return tokens().findOne({ platformUrl: issuer, clientId, scopes });
}

export async function saveAccessToken(
  issuer: string,
  clientId: string,
  scopes: string,
  rec: { iv: string; data: string },
  createdAt: Date,
) {
  await tokens().replaceOne(
    { platformUrl: issuer, clientId, scopes },
    { platformUrl: issuer, clientId, scopes, ...rec, createdAt },
    { upsert: true },
  );
}

export async function dropAccessToken(issuer: string, clientId: string, scopes: string): Promise<void> {
  await tokens().deleteMany({ platformUrl: issuer, clientId, scopes });
}
