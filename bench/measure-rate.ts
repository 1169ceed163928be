// SPDX-License-Identifier: UNLICENSED
/** Throughput measurement shared by the benchmarks that compare a path with a raw baseline. */

/** The median of `xs` (the upper one for an even count); NaN when empty. */
export function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
}

/**
 * Calls `fn` in batches of `batch` for about `ms` milliseconds after a warm-up of a quarter of that
 * (at most `warmupMs`), awaiting it when it returns a promise; returns calls per second.
 */
export async function measureRate(fn: () => unknown, ms: number, options: { batch?: number; warmupMs?: number } = {}): Promise<number> {
  const batch = options.batch ?? 8;
  const run = async (duration: number): Promise<number> => {
    let n = 0;
    const t0 = process.hrtime.bigint();
    const limit = BigInt(Math.round(duration)) * 1_000_000n;
    for (;;) {
      for (let i = 0; i < batch; i++) {
        const r = fn();
        if (r instanceof Promise) await r;
      }
      n += batch;
      const dt = process.hrtime.bigint() - t0;
      if (dt >= limit) return (n * 1e9) / Number(dt);
    }
  };
  await run(Math.min(options.warmupMs ?? 50, ms / 4));
  return run(ms);
}
