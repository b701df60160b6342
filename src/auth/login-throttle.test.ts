import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';

describe('login throttle', () => {
  it('refuses a name after five failures within the window, and forgets after it', () => {
    const throttle = new LoginThrottle(5, 60_000);
    for (let i = 0; i < 5; i++) throttle.fail('maryam', 1_000 + i);
    expect(throttle.waitSeconds('maryam', 2_000)).toBe(59);
    expect(throttle.waitSeconds('someone-else', 2_000)).toBe(0);
    expect(throttle.waitSeconds('maryam', 61_001)).toBe(0);
  });

  it('clears the count on success', () => {
    const throttle = new LoginThrottle(2, 60_000);
    throttle.fail('ali', 0);
    throttle.succeed('ali');
    throttle.fail('ali', 1);
    expect(throttle.waitSeconds('ali', 2)).toBe(0);
  });
});
