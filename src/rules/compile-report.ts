import type { CategoryCounts, CollectedCategory, LineOrigin } from './category-collector.js';
import { type CompiledRuleset, startWindowWarnings } from './compile-rulesets.js';
import { BROWSER_LIMITS } from './limits/index.js';
import type { TargetBrowser } from './resource-types.js';

/** One category's line in the compile report: what was read, kept and dropped, and the rules made. */
export interface CategoryReport extends CategoryCounts {
  id: string;
  sources: string[];
  /** Rules emitted, and ruleset file size in bytes, per browser. */
  rules: Partial<Record<TargetBrowser, number>>;
  bytes: Partial<Record<TargetBrowser, number>>;
}

export interface CompileReport {
  categories: CategoryReport[];
  /** Past what was measured to filter from a browser's start (compile-rulesets.ts startWindowWarnings). */
  warnings: string[];
}

export function compileReport(
  categories: readonly CollectedCategory[],
  compiled: Partial<Record<TargetBrowser, readonly CompiledRuleset[]>>,
): CompileReport {
  return {
    warnings: (Object.entries(compiled) as [TargetBrowser, CompiledRuleset[]][]).flatMap(([target, rulesets]) =>
      startWindowWarnings(rulesets, BROWSER_LIMITS[target]),
    ),
    categories: categories.map((category) => {
      const report: CategoryReport = { id: category.id, sources: category.sources, ...category.counts, rules: {}, bytes: {} };
      for (const [target, rulesets] of Object.entries(compiled) as [TargetBrowser, CompiledRuleset[]][]) {
        const ruleset = rulesets.find((candidate) => candidate.id === category.id);
        if (ruleset) {
          report.rules[target] = ruleset.packedRules.length;
          report.bytes[target] = ruleset.bytes;
        }
      }
      return report;
    }),
  };
}

export function formatLineProblem(reason: string, origin: LineOrigin): string {
  return `${origin.file}:${origin.line}: ${reason} (${JSON.stringify(origin.text.trim())})`;
}

/** The summary table printed at the end of a compile, then the skipped lines by reason (a few examples each). */
export function formatCompileReport(report: CompileReport): string {
  const n = (value: number | undefined) => (value === undefined ? '-' : value.toLocaleString('en-GB'));
  const header = ['category', 'read', 'kept', 'duplicates', 'covered', 'excepted', 'skipped', 'rules (chromium/firefox)'];
  const rows = report.categories.map((c) => [
    c.id,
    n(c.entriesRead),
    n(c.kept),
    n(c.duplicates),
    n(c.coveredByParent),
    n(c.excepted),
    n(c.skipped),
    `${n(c.rules.chromium)}/${n(c.rules.firefox)}`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  const out = [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)];
  for (const warning of report.warnings) out.push('', `warning: ${warning}`);
  for (const category of report.categories) {
    const reasons = Object.entries(category.skippedByReason).sort(([a, x], [b, y]) => y.count - x.count || (a < b ? -1 : 1));
    if (reasons.length === 0) continue;
    out.push('', `${category.id}: ${n(category.skipped)} skipped`);
    for (const [reason, tally] of reasons) {
      out.push(`  ${n(tally.count)} × ${reason}`);
      for (const example of tally.examples) out.push(`      ${formatLineProblem(reason, example)}`);
    }
  }
  return out.join('\n');
}
