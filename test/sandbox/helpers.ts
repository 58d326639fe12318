/**
 * Shared setup of the sandbox tests: a sandbox on 127.0.0.1 (free port) and a fake tool on
 * localhost, so every launch is cross-site as in production.
 */
import { startSandbox, type Sandbox } from '../../scripts/sandbox/index.ts';
import { registerFakeTool, startFakeTool, type FakeTool } from './fakeTool.ts';

export interface Rig {
  sandbox: Sandbox;
  url: string;
  tool: FakeTool;
  /** Milliseconds added to the sandbox clock (the sandbox reads Date.now() + skew). */
  skew: { ms: number };
  close(): Promise<void>;
}

/** Starts a sandbox and a fake tool; call `close()` in after(). */
export async function startRig(): Promise<Rig> {
  const skew = { ms: 0 };
  const sb = await startSandbox({ baseUrl: 'http://127.0.0.1', port: 0, now: () => Date.now() + skew.ms });
  const tool = await startFakeTool();
  return {
    sandbox: sb.sandbox,
    url: sb.url,
    tool,
    skew,
    close: async () => {
      await tool.close();
      await sb.close();
    },
  };
}

export const SCOPES = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
} as const;

export const CLAIMS = {
  messageType: 'https://purl.imsglobal.org/spec/lti/claim/message_type',
  version: 'https://purl.imsglobal.org/spec/lti/claim/version',
  deploymentId: 'https://purl.imsglobal.org/spec/lti/claim/deployment_id',
  roles: 'https://purl.imsglobal.org/spec/lti/claim/roles',
  context: 'https://purl.imsglobal.org/spec/lti/claim/context',
  resourceLink: 'https://purl.imsglobal.org/spec/lti/claim/resource_link',
  custom: 'https://purl.imsglobal.org/spec/lti/claim/custom',
  targetLinkUri: 'https://purl.imsglobal.org/spec/lti/claim/target_link_uri',
  toolPlatform: 'https://purl.imsglobal.org/spec/lti/claim/tool_platform',
  launchPresentation: 'https://purl.imsglobal.org/spec/lti/claim/launch_presentation',
  lis: 'https://purl.imsglobal.org/spec/lti/claim/lis',
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
  dlSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
} as const;

export type RegisteredTool = ReturnType<typeof registerFakeTool>;

/**
 * For a describe block: starts a rig with the fake tool registered in both flavours before its
 * tests, closes it after them, and hands the pieces to `use`.
 */
export function useRegisteredRig(use: (r: { rig: Rig; canvas: RegisteredTool; moodle: RegisteredTool }) => void): void {
  let rig: Rig | undefined;
  before(async () => {
    rig = await startRig();
    use({ rig, canvas: registerFakeTool(rig.sandbox, rig.tool, 'canvas'), moodle: registerFakeTool(rig.sandbox, rig.tool, 'moodle') });
  });
  after(async () => rig?.close());
}
