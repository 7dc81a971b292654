/**
 * A tiny seeded generator (mulberry32) so that fault decisions, event ids and generated estates replay exactly
 * from a seed. Not for anything security-related.
 */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** A version-4-shaped UUID built from the generator's draws. */
  uuid(): string;
  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<T>(items: T[]): T[];
}

export function createSeededRandom(seed: number): SeededRandom {
  if (!Number.isFinite(seed)) throw new Error(`seed: expected a finite number, got ${String(seed)}`);
  let state = Math.trunc(seed) >>> 0;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const random: SeededRandom = {
    next: () => nextUint32() / 0x1_0000_0000,
    int: (maxExclusive) => Math.floor(random.next() * maxExclusive),
    uuid: () => {
      const hex = Array.from({ length: 4 }, () => nextUint32().toString(16).padStart(8, '0')).join('');
      const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = random.int(i + 1);
        [items[i], items[j]] = [items[j] as (typeof items)[number], items[i] as (typeof items)[number]];
      }
      return items;
    },
  };
  return random;
}
