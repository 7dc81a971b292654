import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../src/seeded-random';

describe('createSeededRandom', () => {
  it('replays the same sequence for the same seed and differs for another', () => {
    const draw = (seed: number): number[] => {
      const random = createSeededRandom(seed);
      return Array.from({ length: 8 }, () => random.next());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
  });

  it('draws in [0, 1), integers in [0, n), and version-4-shaped UUIDs (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 1000 }), (seed, n) => {
        const random = createSeededRandom(seed);
        const value = random.next();
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThan(1);
        const int = random.int(n);
        expect(Number.isInteger(int) && int >= 0 && int < n).toBe(true);
        expect(random.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }),
    );
  });

  it('shuffles into a permutation of the input (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.integer()), (seed, items) => {
        const shuffled = createSeededRandom(seed).shuffle([...items]);
        expect([...shuffled].sort()).toEqual([...items].sort());
      }),
    );
  });

  it('rejects a seed that is not a finite number', () => {
    expect(() => createSeededRandom(Number.NaN)).toThrow(/seed: expected a finite number, got NaN/);
  });
});
