/** The Canvas developer key JSON (paste it or its URL under Admin > Developer Keys > + LTI Key). */
import { CUSTOM_PARAMETERS, TOOL_DESCRIPTION, TOOL_NAME, WANTED_SCOPES, toolUrls } from './toolConfig.ts';

export function canvasConfig(publicUrl: string) {
  const u = toolUrls(publicUrl);
  const placement = (
    placement: string,
    messageType: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest',
    text: string,
    target = u.launch,
  ) => ({
    placement,
    message_type: messageType,
    target_link_uri: target,
    text,
  });
  return {
    title: TOOL_NAME,
    description: TOOL_DESCRIPTION,
    oidc_initiation_url: u.login,
    target_link_uri: u.launch,
    public_jwk_url: u.keys,
    scopes: WANTED_SCOPES,
    custom_fields: { canvas_user_id: '$Canvas.user.id', canvas_course_id: '$Canvas.course.id', ...CUSTOM_PARAMETERS },
    extensions: [
      {
        platform: 'canvas.instructure.com',
        domain: u.domain,
        tool_id: 'pathwise',
        privacy_level: 'name_only',
        settings: {
          text: TOOL_NAME,
          placements: [
            placement('assignment_selection', 'LtiDeepLinkingRequest', 'Pathwise practice'),
            placement('link_selection', 'LtiDeepLinkingRequest', 'Pathwise practice'),
            placement('course_navigation', 'LtiResourceLinkRequest', 'Pathwise (teacher view)', u.teacher),
          ],
        },
      },
    ],
  };
}
