/** What Pathwise tells a platform about itself, shared by Dynamic Registration and the Canvas JSON. */
import { SCOPES } from './claims.ts';

export const TOOL_NAME = 'Pathwise';
export const TOOL_DESCRIPTION =
  'Personalised, mastery-based practice: each student works at the edge of what they can do, and grades follow demonstrated mastery.';
export const WANTED_SCOPES = [SCOPES.lineItem, SCOPES.lineItemReadonly, SCOPES.resultReadonly, SCOPES.score, SCOPES.nrps];

/**
 * Custom parameters every registration asks for. The history substitutions list the resource link
 * and context ids an activity was copied from (course copy), so a copied activity can take over its
 * original's settings (never students' data).
 */
export const CUSTOM_PARAMETERS = {
  resource_link_history: '$ResourceLink.id.history',
  context_history: '$Context.id.history',
} as const;

export function toolUrls(publicUrl: string) {
  return {
    login: `${publicUrl}/lti/login`,
    launch: `${publicUrl}/lti/launch`,
    keys: `${publicUrl}/lti/keys`,
    teacher: `${publicUrl}/lti/launch?view=teacher`,
    domain: new URL(publicUrl).host,
  };
}
