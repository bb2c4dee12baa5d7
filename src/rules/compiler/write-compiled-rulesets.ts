import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { CompileReport } from '../compile-report.js';
import { formatCompileReport } from '../compile-report.js';
import type { CompiledRuleset } from '../compile-rulesets.js';
import type { TargetBrowser } from '../resource-types.js';
import { rulesetPath } from '../ruleset-json.js';

const WRITE_BATCH_CHARS = 1 << 20;

/**
 * Writes `<out>/<browser>/rulesets/<id>.json` and the compile report (`compile-report.json` and
 * `.txt`) all or nothing: everything goes to a sibling folder first, which then takes the place of
 * `<out>`, so a failed or interrupted compile never leaves a half-written ruleset folder.
 */
export async function writeCompiledRulesets(
  out: string,
  rulesets: Partial<Record<TargetBrowser, readonly CompiledRuleset[]>>,
  report: CompileReport,
): Promise<void> {
  const staging = join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
  const previous = join(dirname(out), `.${basename(out)}.previous-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  try {
    for (const [target, list] of Object.entries(rulesets) as [TargetBrowser, CompiledRuleset[]][]) {
      await mkdir(join(staging, target, 'rulesets'), { recursive: true });
      for (const ruleset of list) await writePieces(join(staging, target, rulesetPath(ruleset.id)), ruleset.jsonPieces());
    }
    await writePieces(join(staging, 'compile-report.json'), [`${JSON.stringify(report, null, 2)}\n`]);
    await writePieces(join(staging, 'compile-report.txt'), [`${formatCompileReport(report)}\n`]);
    const hadPrevious = await rename(out, previous).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
    await rename(staging, out).catch(async (error) => {
      if (hadPrevious) await rename(previous, out);
      throw error;
    });
    if (hadPrevious) await rm(previous, { recursive: true, force: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

async function writePieces(path: string, pieces: Iterable<string>): Promise<void> {
  const file = await open(path, 'w');
  try {
    let batch: string[] = [];
    let size = 0;
    for (const piece of pieces) {
      batch.push(piece);
      size += piece.length;
      if (size >= WRITE_BATCH_CHARS) {
        await file.write(batch.join(''));
        batch = [];
        size = 0;
      }
    }
    if (batch.length > 0) await file.write(batch.join(''));
  } finally {
    await file.close();
  }
}
