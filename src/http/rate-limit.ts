/**
 * Rate limits for anonymous visitors (the public memorial, its submissions, search without a login): a token
 * bucket per client address and kind of route. Logged-in users are not limited here.
 *
 * The memorial promises not to keep visitors' addresses, so a bucket is keyed by an HMAC of the address
 * under a random key made at start-up and never written down; IPv6 addresses are cut to their /64, the
 * block one household or phone is given. The buckets live in this process's memory, which is acceptable for
 * this purpose: they say nothing after a restart, and nothing about a visitor survives one. Behind several
 * server processes each limits on its own (a visitor gets that many times the allowance).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { TooManyRequestsError } from '../domain/errors.js';

/** A bucket of `burst` requests, refilled at `perHour` an hour. */
export interface RateRule {
  burst: number;
  perHour: number;
}

export const ANONYMOUS_LIMIT_KINDS = ['search', 'submission'] as const;
export type AnonymousLimitKind = (typeof ANONYMOUS_LIMIT_KINDS)[number];
export type AnonymousLimits = Record<AnonymousLimitKind, RateRule>;

/** Search and memorial pages: 20 at once, 5 a second after that. Submissions: 5 an hour. */
export const DEFAULT_ANONYMOUS_LIMITS: AnonymousLimits = {
  search: { burst: 20, perHour: 5 * 3600 },
  submission: { burst: 5, perHour: 5 },
};

/** Buckets kept at most; past this the oldest is forgotten (a flood of addresses cannot exhaust memory). */
const MAX_BUCKETS = 100_000;

interface Bucket {
  tokens: number;
  at: number;
}

/** One token bucket per key. `now` is in milliseconds. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly rule: RateRule,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a token for `key`: 0 when one was free, else the seconds until the next one is. */
  take(key: string): number {
    const now = this.now();
    const perMs = this.rule.perHour / 3_600_000;
    const found = this.buckets.get(key);
    const tokens = found
      ? Math.min(this.rule.burst, found.tokens + (now - found.at) * perMs)
      : this.rule.burst;
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return Math.max(1, Math.ceil((1 - tokens) / perMs / 1000));
    }
    // Re-inserted so that the map's order is the order of last use, oldest first.
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    if (this.buckets.size > MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value!);
    return 0;
  }

  /** The keys held (for tests: they must not be addresses). */
  keys(): string[] {
    return [...this.buckets.keys()];
  }
}

/** The anonymous limits of one server: a set of buckets per kind, keyed by a keyed hash of the address. */
export class AnonymousRateLimiter {
  private readonly secret = randomBytes(32);
  readonly buckets: Record<AnonymousLimitKind, TokenBuckets>;

  constructor(limits: AnonymousLimits, now: () => number = Date.now) {
    this.buckets = {
      search: new TokenBuckets(limits.search, now),
      submission: new TokenBuckets(limits.submission, now),
    };
  }

  /** Throws TooManyRequestsError (429 with Retry-After) when the address has used up its allowance. */
  check(kind: AnonymousLimitKind, address: string): void {
    const wait = this.buckets[kind].take(this.keyOf(address));
    if (wait > 0)
      throw new TooManyRequestsError(
        kind === 'submission'
          ? `too many submissions from this connection; try again in ${describeWait(wait)}`
          : `too many requests from this connection; try again in ${describeWait(wait)}`,
        wait,
      );
  }

  private keyOf(address: string): string {
    const network = isIPv6(address) && !address.startsWith('::ffff:') ? ipv6Prefix(address) : address;
    return createHmac('sha256', this.secret).update(network).digest('base64url').slice(0, 22);
  }
}

/** The first four groups (/64) of an IPv6 address, expanded so that spellings of one prefix agree. */
function ipv6Prefix(address: string): string {
  const [head = '', tail = ''] = address.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':');
}

function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  return `${Math.ceil(seconds / 60)} min`;
}
