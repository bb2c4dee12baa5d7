/**
 * Requests that load a page or a frame: they get the block page instead of a browser error, and
 * each is one breach (a subresource's blocks are counted into its page load's breach).
 */
export const DOCUMENT_TYPES = ['main_frame', 'sub_frame'] as const;

export const isDocumentType = (resourceType: string): boolean => (DOCUMENT_TYPES as readonly string[]).includes(resourceType);
