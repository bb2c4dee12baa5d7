import { breachRecordingBench } from './breach-recording.js';
import { printTable } from './report.js';
import { ruleCompilerBench } from './rule-compiler.js';
import { serverBench } from './server.js';

/** `npm run bench`: every benchmark, each against a baseline measured in the same run. */
printTable(await breachRecordingBench());
printTable(await serverBench());
printTable(await ruleCompilerBench());
