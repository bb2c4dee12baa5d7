import { describe, expect, test } from 'vitest';
import { forgetTab, frameKey } from '../../extension/background/frame-key.js';

describe('frame keys', () => {
  test('forgetting a closed tab drops all its frames and no other tab’s, even one whose id starts the same', () => {
    const byFrame = new Map([frameKey(1, 0), frameKey(1, 7), frameKey(11, 0), frameKey(2, 1)].map((key) => [key, true]));
    forgetTab(byFrame, 1);
    expect([...byFrame.keys()]).toEqual([frameKey(11, 0), frameKey(2, 1)]);
  });
});
