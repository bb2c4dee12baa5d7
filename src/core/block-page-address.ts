import { isCategoryId } from './category-id.js';
import { BLOCK_PAGE_PATH } from './extension-pages.js';

/**
 * Every rule that stops a request sends it to the block page, naming only the category:
 * `blocked.html?category=<id>`. The blocked URL is never in the address (static rules cannot
 * copy it there, and the pupil should not see it): the worker takes it from the browser's own
 * redirect event. A page the worker replaced itself carries the breach's reference instead: `#ref=`.
 */

/** The `extensionPath` a rule for `category` redirects to. */
export function blockPagePath(category: string): string {
  if (!isCategoryId(category)) throw new Error(`not a category id: ${JSON.stringify(category)}`);
  return `/${BLOCK_PAGE_PATH}?category=${category}`;
}

/**
 * The category a redirect to `redirectUrl` names, when it goes to this extension's block page
 * (`blockPageUrl`, absolute); null for anything else.
 */
export function blockedCategoryOf(redirectUrl: string, blockPageUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(redirectUrl);
  } catch {
    return null;
  }
  // Not url.origin: it is "null" for extension schemes outside the browser.
  if (`${url.protocol}//${url.host}${url.pathname}` !== blockPageUrl) return null;
  const category = url.searchParams.get('category');
  return category && isCategoryId(category) ? category : null;
}
