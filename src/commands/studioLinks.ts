/**
 * The content studio's links (teachers' videos, articles, simulations) are URLs a teacher types,
 * so Pathwise treats them like any address chosen by someone else: they go through the guarded
 * outbound client (lti/http.ts), under a policy that never opens a private, loopback, link-local
 * or cloud-metadata address, in any environment (only hosts the operator exempts for an
 * on-premises school server), checked after DNS and again on every redirect; `https:` only in
 * production, a size limit and a timeout. A link that points inside a network is refused when it
 * is added, and reported (never opened) by the link check; the teacher is told what to do.
 */
import { assertEndpointAllowed, fetchWithPolicy, OutboundError, outboundPolicy, type OutboundPolicy } from '../lti/http.ts';
import { ValidationError } from '../errors.ts';

/** How long the link check waits for one page. */
export const LINK_TIMEOUT_MS = 5000;

/** The policy for teachers' links: the platform policy, but never a non-public address. */
export function linkPolicy(): OutboundPolicy {
  return { ...outboundPolicy(), allowPrivate: false, timeoutMs: LINK_TIMEOUT_MS };
}

/** What a teacher reads for a link Pathwise will not open, or undefined when the error is of another kind. */
function refusal(err: unknown): string | undefined {
  if (!(err instanceof OutboundError)) return undefined;
  if (err.code === 'blocked_address')
    return 'the link points to a private or local network address, not to a page on the internet, so Pathwise did not open it. Use the public address of the page';
  if (err.code === 'blocked_scheme') return 'Pathwise only opens links that start with https://. Use the https:// address of the page';
  if (err.code === 'bad_url') return 'the link is not a web address Pathwise can open. Copy the address from the browser’s address bar';
  return undefined;
}

/**
 * Refuses, before anything is stored, a link that Pathwise would never open (scheme, credentials,
 * an address inside a network, also after DNS). No request is made to the link itself; a name
 * that does not resolve now is accepted and reported by the next link check.
 */
export async function refuseUnsafeLink(url: string, policy: OutboundPolicy = linkPolicy()): Promise<void> {
  try {
    await assertEndpointAllowed(url, policy);
  } catch (err) {
    const why = refusal(err);
    if (why) throw new ValidationError(`This link cannot be added: ${why}.`);
  }
}

/** url -> what went wrong, for each link that does not answer with 2xx/3xx in time or that Pathwise will not open. */
export async function checkLinks(
  resources: Array<{ url: string }>,
  policy: OutboundPolicy = linkPolicy(),
): Promise<Record<string, string>> {
  const broken: Record<string, string> = {};
  await Promise.all(
    resources.map(async (r) => {
      try {
        const res = await fetchWithPolicy(policy, r.url, { method: 'GET' });
        if (res.status >= 400) broken[r.url] = `the page answered “${res.status}” (not found or not allowed)`;
      } catch (err) {
        // A page bigger than the size limit did answer: only its size was refused.
        if (err instanceof OutboundError && err.code === 'too_large') return;
        broken[r.url] =
          refusal(err) ??
          (err instanceof OutboundError && err.code === 'timeout'
            ? `the page did not answer within ${LINK_TIMEOUT_MS / 1000} seconds`
            : 'the page did not answer');
      }
    }),
  );
  return broken;
}
