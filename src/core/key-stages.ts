/**
 * The stages of the English national curriculum a class can belong to: the one list the dashboard's
 * class forms, the CSV import and the governors' reports share.
 */
export const KEY_STAGES = ['EYFS', 'KS1', 'KS2', 'KS3', 'KS4', 'KS5'] as const;
export type KeyStage = (typeof KEY_STAGES)[number];

/** What staff call them on screen. */
export const KEY_STAGE_LABELS: Record<KeyStage, string> = {
  EYFS: 'Early years (EYFS)',
  KS1: 'Key stage 1',
  KS2: 'Key stage 2',
  KS3: 'Key stage 3',
  KS4: 'Key stage 4',
  KS5: 'Key stage 5 (sixth form)',
};

/** The key stage a cell or form field names ("KS2", "ks 2", "Key Stage 2", "2", "EYFS", "Reception"), or null. */
export function readKeyStage(value: string): KeyStage | null {
  const compact = value
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
  if (compact === 'eyfs' || compact === 'earlyyears' || compact === 'reception' || compact === 'nursery') return 'EYFS';
  const number = /^(?:ks|keystage)?([1-5])$/.exec(compact)?.[1];
  return number ? (`KS${number}` as KeyStage) : null;
}
