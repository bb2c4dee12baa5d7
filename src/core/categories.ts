import { CATEGORY_ID } from './category-id.js';
import type { Profile } from './policy-schema.js';
import { PROFILES } from './policy-schema.js';

export type CategoryTier = 'illegal' | 'category';

export interface Category {
  id: string;
  title: string;
  description: string;
  /** 'illegal' categories are always enforced and outrank every allow rule. */
  tier: CategoryTier;
  /** Profiles that block this category when the policy names no blockedCategories. */
  defaultFor: Profile[];
}

export interface Catalogue {
  categories: Category[];
}

/** Validates the catalogue file; throws with every problem listed, since a bad catalogue must stop the build. */
export function parseCatalogue(raw: unknown): Catalogue {
  const problems: string[] = [];
  const list = (raw as { categories?: unknown })?.categories;
  if (!Array.isArray(list)) throw new Error('catalogue: "categories" must be an array');
  const seen = new Set<string>();
  list.forEach((entry: Partial<Category>, index) => {
    const where = `catalogue: categories[${index}]`;
    if (typeof entry?.id !== 'string' || !CATEGORY_ID.test(entry.id)) problems.push(`${where}: id must match ${CATEGORY_ID}`);
    else if (seen.has(entry.id)) problems.push(`${where}: duplicate id "${entry.id}"`);
    else seen.add(entry.id);
    if (typeof entry?.title !== 'string' || entry.title === '') problems.push(`${where}: title is required`);
    if (typeof entry?.description !== 'string') problems.push(`${where}: description is required`);
    if (entry?.tier !== 'illegal' && entry?.tier !== 'category') problems.push(`${where}: tier must be "illegal" or "category"`);
    if (!Array.isArray(entry?.defaultFor) || entry.defaultFor.some((p) => !PROFILES.includes(p))) {
      problems.push(`${where}: defaultFor must list profiles from ${PROFILES.join(', ')}`);
    }
  });
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return { categories: list as Category[] };
}

export function defaultCategoriesFor(catalogue: Catalogue, profile: Profile): string[] {
  return catalogue.categories.filter((c) => c.tier === 'category' && c.defaultFor.includes(profile)).map((c) => c.id);
}

export function illegalCategories(catalogue: Catalogue): string[] {
  return catalogue.categories.filter((c) => c.tier === 'illegal').map((c) => c.id);
}
