/**
 * Slows down password guessing: after `limit` failed logins for one username within `windowMs`, further
 * attempts for that name are refused until the window has passed. Kept in memory (per server process);
 * the counts carry no address, only the username tried.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 5,
    private readonly windowMs = 15 * 60 * 1000,
  ) {}

  /** Seconds to wait before the next attempt for this name, or 0. */
  waitSeconds(username: string, now = Date.now()): number {
    const recent = this.recent(username, now);
    if (recent.length < this.limit) return 0;
    return Math.ceil((recent[0]! + this.windowMs - now) / 1000);
  }

  fail(username: string, now = Date.now()): void {
    this.failures.set(username, [...this.recent(username, now), now]);
    if (this.failures.size > 100_000) this.failures.clear();
  }

  succeed(username: string): void {
    this.failures.delete(username);
  }

  private recent(username: string, now: number): number[] {
    return (this.failures.get(username) ?? []).filter((t) => now - t < this.windowMs);
  }
}
