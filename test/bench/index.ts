import { breachRecordingBench } from './breach-recording.js';
import { browserRulesBench } from './browser-rules.js';
import { type BenchRow, printTable } from './report.js';
import { ruleCompilerBench } from './rule-compiler.js';
import { serverBench } from './server.js';
import { soakBench } from './soak.js';

const BENCHES: Record<string, () => Promise<BenchRow[]>> = {
  'breach-recording': breachRecordingBench,
  server: serverBench,
  'rule-compiler': ruleCompilerBench,
  'browser-rules': browserRulesBench,
  soak: soakBench,
};

/**
 * `npm run bench`: every benchmark, each against a baseline measured in the same run;
 * `npm run bench -- <name>…` runs only those named.
 */
const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !(name in BENCHES));
if (unknown.length > 0) throw new Error(`no such benchmark: ${unknown.join(', ')} (there are: ${Object.keys(BENCHES).join(', ')})`);
for (const [name, bench] of Object.entries(BENCHES)) {
  if (chosen.length === 0 || chosen.includes(name)) printTable(await bench());
}
