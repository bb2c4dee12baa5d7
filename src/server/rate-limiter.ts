/**
 * A token bucket per key (a device, or a client address for enrolment): `perMinute` requests a
 * minute with a burst of the same size. In memory, per process: with several processes behind a
 * balancer each allows its own share, which bounds a runaway device well enough and needs no
 * shared store.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 200_000,
  ) {
    this.perMs = perMinute / 60_000;
  }

  /** 0 when allowed (and counted); otherwise the seconds to wait before the next try. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.remember(key, bucket);
      return 0;
    }
    this.remember(key, bucket);
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
  }

  private remember(key: string, bucket: { tokens: number; at: number }): void {
    if (!this.buckets.has(key) && this.buckets.size >= this.maxKeys) {
      // Forget the oldest key (Map keeps insertion order): memory stays bounded under a flood of keys.
      const oldest = this.buckets.keys().next();
      if (!oldest.done) this.buckets.delete(oldest.value);
    }
    this.buckets.set(key, bucket);
  }
}
