/**
 * What may name a category: in the catalogue, a compiled list, a ruleset id and file name, the block
 * page's address and a breach record. `_` is allowed because UT1 names its categories that way
 * (`social_networks`), and taking the folder's own name keeps `--category` and the report in the
 * source's words; an id may not start with `_`, which DNR reserves for its own ruleset ids.
 */
export const CATEGORY_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export const isCategoryId = (text: string): boolean => CATEGORY_ID.test(text);
