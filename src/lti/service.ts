/**
 * Authorised GETs against LTI services (AGS, NRPS), following `Link: <...>; rel="next"` paging with
 * a page limit so a platform that loops cannot keep us busy. Answers are validated with zod by the
 * caller's schema: what a platform sends back is input like any other.
 */
import type { z } from 'zod';
import { fetchWithUa } from './http.ts';

/** What a service call needs of a platform: an access token for a scope (accessTokens.ts), and forgetting one it refused. */
export interface ServicePlatform {
  platformAccessToken(scopes: string): Promise<{ access_token: string; token_type: string; expires_in: number }>;
  dropAccessToken(scopes: string): Promise<void>;
}

export type PlatformOf = (issuer: string, clientId: string) => Promise<ServicePlatform>;

export class ServiceError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The next-page URL of a `Link` header, if any. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const m = /<([^>]+)>\s*;.*rel="?([^";]+)"?/.exec(part);
    if (m && m[2]?.split(/\s+/).includes('next')) return m[1];
  }
  return undefined;
}

/** The `rel="differences"` URL of a `Link` header (NRPS), if any. */
export function linkRel(header: string | null, rel: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const m = /<([^>]+)>\s*;.*rel="?([^";]+)"?/.exec(part);
    if (m && m[2]?.split(/\s+/).includes(rel)) return m[1];
  }
  return undefined;
}

export async function authHeader(platform: ServicePlatform, scope: string): Promise<string> {
  const token = await platform.platformAccessToken(scope);
  return `${token.token_type} ${token.access_token}`;
}

/**
 * GETs every page from `url` (at most `maxPages`), parsing each with `schema`; returns the
 * pages and the Link headers of the first and last page.
 */
export async function getPages<T>(p: {
  url: string;
  auth: string;
  accept: string;
  schema: z.ZodType<T>;
  maxPages?: number;
}): Promise<{ pages: T[]; firstLink: string | null; lastLink: string | null }> {
  const pages: T[] = [];
  let url: string | undefined = p.url;
  let firstLink: string | null = null;
  let lastLink: string | null = null;
  for (let i = 0; url && i < (p.maxPages ?? 50); i++) {
    const res = await fetchWithUa(url, { headers: { Authorization: p.auth, Accept: p.accept } });
    const text = await res.text();
    if (!res.ok) throw new ServiceError(res.status, `GET ${new URL(url).pathname} answered ${res.status}: ${text.slice(0, 200)}`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ServiceError(res.status, `GET ${new URL(url).pathname} did not answer JSON`);
    }
    const parsed = p.schema.safeParse(json);
    if (!parsed.success)
      throw new ServiceError(
        res.status,
        `GET ${new URL(url).pathname} answered an unexpected shape: ${parsed.error.issues[0]?.message ?? ''}`,
      );
    pages.push(parsed.data);
    const link = res.headers.get('link');
    if (i === 0) firstLink = link;
    lastLink = link;
    url = nextLink(link);
  }
  return { pages, firstLink, lastLink };
}
