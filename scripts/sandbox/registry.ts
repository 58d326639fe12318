/**
 * Tool registrations: creation (from Dynamic Registration or a test's manual registration),
 * deployments and scope narrowing. Canvas client ids look like developer key ids and each install
 * adds a deployment id; Moodle creates a tool type whose id is the client's single deployment id.
 */
import { randomBytes } from 'node:crypto';
import type { SandboxContext } from './context.ts';
import { ALL_SCOPES } from './flavours.ts';
import type { Flavour, ToolMessage, ToolRegistration } from './types.ts';

export interface NewRegistration {
  clientName: string;
  jwksUri: string;
  initiateLoginUri: string;
  redirectUris: string[];
  targetLinkUri: string;
  /** Requested scopes; default: all AGS + NRPS scopes. */
  scopes?: string[];
  customParameters?: Record<string, string>;
  messages?: ToolMessage[];
  claims?: string[];
  domain?: string;
}

/** Creates a registration, granting the requested scopes minus the ones the admin denies. */
export function createRegistration(
  ctx: SandboxContext,
  flavour: Flavour,
  input: NewRegistration,
  via: 'dynamic' | 'manual',
): ToolRegistration {
  const store = ctx.store;
  const toolTypeId = store.nextId();
  // Moodle's client ids are letters and digits (one starting with '-' would read as a CLI flag).
  const clientId =
    flavour === 'canvas' ? `10000000000${toolTypeId}` : randomBytes(12).toString('base64url').replace(/[-_]/g, '').slice(0, 15);
  const deploymentId = flavour === 'canvas' ? `${toolTypeId}:${randomBytes(20).toString('hex')}` : toolTypeId;
  const requested = input.scopes ?? [...ALL_SCOPES];
  const denied = ctx.settings.deniedScopes[flavour];
  const reg: ToolRegistration = {
    flavour,
    clientId,
    deploymentIds: [deploymentId],
    toolTypeId,
    clientName: input.clientName,
    jwksUri: input.jwksUri,
    initiateLoginUri: input.initiateLoginUri,
    redirectUris: [...input.redirectUris],
    targetLinkUri: input.targetLinkUri,
    scopes: requested.filter((s) => ALL_SCOPES.includes(s) && !denied.includes(s)),
    requestedScopes: requested,
    customParameters: { ...(input.customParameters ?? {}) },
    messages: input.messages ?? [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }],
    claims: input.claims ?? [],
    ...(input.domain ? { domain: input.domain } : {}),
    createdAt: new Date(ctx.now()).toISOString(),
    via,
  };
  store.state.registrations.push(reg);
  store.save();
  ctx.logger.info({ flavour, clientId, deploymentId, scopes: reg.scopes }, 'tool registered');
  return reg;
}

/** Canvas only: installs the same developer key in another "account", returning the new deployment id. */
export function addDeployment(ctx: SandboxContext, clientId: string): string {
  const reg = ctx.store.state.registrations.find((r) => r.clientId === clientId);
  if (!reg) throw new Error(`No registration with client_id ${clientId}`);
  if (reg.flavour !== 'canvas') throw new Error('Moodle tool types have exactly one deployment (the tool type id)');
  const id = `${ctx.store.nextId()}:${randomBytes(20).toString('hex')}`;
  reg.deploymentIds.push(id);
  ctx.store.save();
  return id;
}
