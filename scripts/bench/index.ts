import { printTable } from './report.js';
import { ruleCompilerBench } from './rule-compiler.js';

/** `npm run bench`: every benchmark, each against a baseline measured in the same run. */
printTable(await ruleCompilerBench());
