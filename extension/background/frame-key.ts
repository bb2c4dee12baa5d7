const SEPARATOR = '/';

/** The key of one frame of one tab, for maps of what each frame is showing or waiting for. */
export const frameKey = (tabId: number, frameId: number): string => `${tabId}${SEPARATOR}${frameId}`;

/** Forgets every frame of a closed tab in a map keyed by frameKey. */
export function forgetTab(byFrame: Map<string, unknown>, tabId: number): void {
  const prefix = `${tabId}${SEPARATOR}`;
  for (const key of byFrame.keys()) if (key.startsWith(prefix)) byFrame.delete(key);
}
