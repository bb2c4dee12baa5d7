export type TargetBrowser = 'chromium' | 'firefox';

/**
 * Every resource type each browser's DNR accepts. Rules list them explicitly: a rule without
 * `resourceTypes` skips main frames, and a type a browser does not know makes it reject the rule.
 */
const COMMON = [
  'main_frame',
  'sub_frame',
  'stylesheet',
  'script',
  'image',
  'font',
  'object',
  'xmlhttprequest',
  'ping',
  'csp_report',
  'media',
  'websocket',
  'other',
] as const;

export const ALL_RESOURCE_TYPES: Record<TargetBrowser, readonly string[]> = {
  chromium: [...COMMON, 'webtransport', 'webbundle'],
  firefox: [...COMMON, 'beacon', 'imageset', 'object_subrequest', 'xslt', 'xml_dtd', 'web_manifest'],
};
