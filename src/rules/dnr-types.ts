/** The subset of a DNR rule this project writes; structurally compatible with both browsers' types. */
export interface DnrRule {
  id: number;
  priority: number;
  action: { type: 'block' | 'allow' } | { type: 'redirect'; redirect: { extensionPath: string } | { regexSubstitution: string } };
  condition: {
    requestDomains?: string[];
    regexFilter?: string;
    resourceTypes: string[];
  };
}
