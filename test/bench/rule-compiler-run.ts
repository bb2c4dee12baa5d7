import { createReadStream } from 'node:fs';
import { parse } from 'tldts';
import { TLDTS_OPTIONS } from '../../src/core/list-host.js';
import { compileListSources } from '../../src/rules/compiler/compile-list-sources.js';
import { writeCompiledRulesets } from '../../src/rules/compiler/write-compiled-rulesets.js';
import type { TargetBrowser } from '../../src/rules/resource-types.js';
import { defined } from '../unit/support/defined.js';

/**
 * One measured run, in its own process so its peak memory is its own:
 *   rule-compiler-run.ts baseline <list>         read the list and parse every line with tldts, nothing else
 *   rule-compiler-run.ts candidate <list> <out> <browser,…>  what `npm run rules:compile -- <list> --out <out>` does
 * Prints {"ms", "peakRssMB", "bytes", "domains"} as JSON.
 */
const [mode, list, out, browsers = 'chromium,firefox'] = process.argv.slice(2);
const started = performance.now();
let bytes = 0;
let domains = 0;

if (mode === 'baseline') {
  let pending = '';
  const take = (line: string) => {
    if (line === '' || line.startsWith('#')) return;
    parse(line, TLDTS_OPTIONS);
    domains++;
  };
  for await (const chunk of createReadStream(list, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const lines = (pending + chunk.toString('utf8')).split('\n');
    pending = lines.pop() ?? ''; // split always gives at least one piece: the unfinished last line
    for (const line of lines) take(line);
  }
  take(pending);
} else if (mode === 'candidate') {
  const compiled = await compileListSources([list], browsers.split(',') as TargetBrowser[]);
  await writeCompiledRulesets(out, compiled.rulesets, compiled.report);
  bytes = defined(compiled.rulesets.chromium, 'the Chromium rulesets')[0].bytes;
  domains = compiled.categories[0].counts.entriesRead;
} else {
  throw new Error(`unknown mode ${mode}`);
}

const ms = performance.now() - started;
console.log(JSON.stringify({ ms, peakRssMB: process.resourceUsage().maxRSS / 1024, bytes, domains }));
