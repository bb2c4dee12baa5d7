import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { illegalCategories, parseCatalogue } from '../src/core/categories.js';
import { formatCompileReport } from '../src/rules/compile-report.js';
import { compileListSources } from '../src/rules/compiler/compile-list-sources.js';
import { writeCompiledRulesets } from '../src/rules/compiler/write-compiled-rulesets.js';
import type { ListFormat } from '../src/rules/list-line.js';
import { LIST_FORMATS } from '../src/rules/parse-list-line.js';
import type { TargetBrowser } from '../src/rules/resource-types.js';
import { terminalProgressBar } from './progress-bar.js';

const USAGE = `usage: npm run rules:compile -- <sources…> --out <dir> [options]

sources   list files, squidGuard/UT1 category folders (<category>/domains, <category>/urls),
          a folder of them (an unpacked UT1 download) or a UT1 .tar.gz archive
--out <dir>            where to write <browser>/rulesets/<category>.json and compile-report.{json,txt}
--category <id>        for list files: the category they compile into (default: the file's name);
                       for folders and archives: take only this category (repeatable)
--format <format>      the format of list files: ${LIST_FORMATS.join(', ')} (default: detected)
--browser <browser>    chromium or firefox (repeatable; default: both)
--strict               fail if any line is skipped
--catalogue <file>     the category catalogue that names the illegal-content categories, which get
                       their tier's priority (default: rules/categories.json when it exists)
`;

const DEFAULT_CATALOGUE = 'rules/categories.json';

/** `npm run rules:compile`: the same compiler the extension build uses (src/rules/). */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      category: { type: 'string', multiple: true },
      format: { type: 'string' },
      browser: { type: 'string', multiple: true },
      strict: { type: 'boolean', default: false },
      catalogue: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const problems: string[] = [];
  if (positionals.length === 0) problems.push('no sources given');
  if (!values.out) problems.push('--out <dir> is required');
  if (values.format && !(LIST_FORMATS as string[]).includes(values.format))
    problems.push(`--format must be one of ${LIST_FORMATS.join(', ')}`);
  const browsers = (values.browser ?? ['chromium', 'firefox']) as TargetBrowser[];
  if (browsers.some((browser) => browser !== 'chromium' && browser !== 'firefox')) problems.push('--browser must be chromium or firefox');
  const out = values.out;
  if (problems.length > 0 || !out) {
    process.stderr.write(`${problems.join('\n')}\n\n${USAGE}`);
    return 2;
  }

  const cataloguePath = values.catalogue ?? (existsSync(DEFAULT_CATALOGUE) ? DEFAULT_CATALOGUE : undefined);
  const catalogue = cataloguePath ? parseCatalogue(JSON.parse(readFileSync(cataloguePath, 'utf8'))) : undefined;

  const bar = terminalProgressBar('reading lists');
  let compiled: Awaited<ReturnType<typeof compileListSources>>;
  try {
    compiled = await compileListSources(positionals, [...new Set(browsers)].sort(), {
      format: values.format as ListFormat | undefined,
      categories: values.category,
      illegalCategories: catalogue ? illegalCategories(catalogue) : [],
      onProgress: bar.update,
    });
  } finally {
    bar.done();
  }
  const skipped = compiled.report.categories.reduce((sum, category) => sum + category.skipped, 0);
  if (values.strict && skipped > 0) {
    process.stderr.write(`${formatCompileReport(compiled.report)}\n\n--strict: ${skipped} lines skipped; nothing written\n`);
    return 1;
  }
  await writeCompiledRulesets(out, compiled.rulesets, compiled.report);
  process.stdout.write(`${formatCompileReport(compiled.report)}\n\nwrote ${out}/ (${browsers.join(', ')}; compile-report.json)\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`rules:compile: ${error.message}\nnothing written\n`);
    process.exit(1);
  },
);
