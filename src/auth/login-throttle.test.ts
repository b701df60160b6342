import { describe, expect, it } from 'vitest';
import { ACCOUNT_BUDGET, delayAfter } from './login-throttle.js';

describe('login throttle schedule', () => {
  it('lets the free attempts pass, then doubles the wait with each attempt up to the cap', () => {
    const waits = Array.from({ length: 16 }, (_, i) => delayAfter(ACCOUNT_BUDGET, i));
    expect(waits.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(waits.slice(5, 11)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 900_000]);
    expect(waits[15]).toBe(15 * 60_000);
    expect(delayAfter(ACCOUNT_BUDGET, 10_000)).toBe(15 * 60_000);
  });

  it('never locks out for good: the longest wait is the cap', () => {
    expect(Number.isFinite(delayAfter(ACCOUNT_BUDGET, Number.MAX_SAFE_INTEGER))).toBe(true);
    expect(delayAfter(ACCOUNT_BUDGET, Number.MAX_SAFE_INTEGER)).toBe(ACCOUNT_BUDGET.maxDelayMs);
  });
});
