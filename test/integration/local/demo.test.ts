import { afterEach, describe, expect, it, vi } from 'vitest';
import { runDemo } from '../../../tools/local/demo';

describe('npm start (the demo on the embedded emulator)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('applies every story and converges: each "plan again" is empty', async () => {
    let out = '';
    let progress = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      progress += String(chunk);
      return true;
    });
    const code = await runDemo([]);
    vi.restoreAllMocks();

    expect(code).toBe(0);
    const plans = [...out.matchAll(/^Plan: (\d+) changes?/gm)].map((m) => Number(m[1]));
    // plan, apply's plan, plan again, region plan, apply's plan, plan again, elastic apply's plan, plan again
    expect(plans).toHaveLength(8);
    expect([plans[2], plans[5], plans[7]]).toEqual([0, 0, 0]);
    expect(plans[0]).toBeGreaterThan(0);
    expect(progress).toMatch(/endpoint-refresh pe-seed-cosmos … done/);
    expect(progress).toMatch(/dns-create seed-cosmos-eastus\.privatelink\.documents\.azure\.com … done/);
    expect(progress).toMatch(/dns-create \*\.privatelink\.eastus\.azure\.elastic-cloud\.com … done/);
    expect(progress).not.toMatch(/… failed/);
  }, 120_000);
});
