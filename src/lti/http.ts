/** Server-to-server HTTP for LTI: always with a User-Agent (Canvas rejects calls without one). */
export const USER_AGENT = 'Pathwise/0.1 (LTI 1.3 tool)';

export async function fetchWithUa(url: string, init: RequestInit = {}, timeoutMs = 10_000): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('User-Agent', USER_AGENT);
  return fetch(url, { ...init, headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
}
