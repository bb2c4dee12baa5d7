/** An element the page's own HTML declares: missing means the page and its script disagree. */
export function pageElement(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`SafeScreen: this page has no #${id}`);
  return found;
}
