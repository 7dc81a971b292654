/**
 * `report` from the command line on the emulator's `demo` world: the JSON contract, the files --html and --markdown
 * write, the exit code, and its cost: listings and pages only (GETs), never a read per endpoint.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SEED_COSMOS_FACTS, ZONE_GROUP_FACTS } from '@privatelink-autopilot/arm-emulator';
import type { FleetReport } from '../../../src/core/report';
import type { AdapterWorld } from '../azure/support';
import { requestLog } from '../engine/support';
import { runAgainst, useCliWorld } from './support';

let world: AdapterWorld;
useCliWorld('demo', (started) => {
  world = started;
});
const dir = mkdtempSync(join(tmpdir(), 'autopilot-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('report', () => {
  it('prints {generatedAt, summary, targets, failures, complete}, exits 1 while a target is broken, and only reads', async () => {
    const start = (await requestLog(world)).length;
    const { code, stdout, stderr } = await runAgainst(world, ['report']);
    const report = JSON.parse(stdout) as FleetReport;

    expect(Object.keys(report)).toEqual(['generatedAt', 'summary', 'targets', 'failures', 'complete']);
    expect(report.complete).toBe(true);
    expect(report.summary.targets).toBe(report.targets.length);
    expect(report.summary.broken).toBeGreaterThan(0);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const seed = report.targets.find((t) => t.id.toLowerCase() === SEED_COSMOS_FACTS.accountId.toLowerCase());
    expect(seed?.status).toBe('healthy');
    expect(seed?.failover.every((r) => r.ready)).toBe(true);
    expect(seed?.dns.every((d) => d.zoneCopy?.resourceGroup === 'rg-dns')).toBe(true);

    // The zone groups the pass's planned writes rest on are read, as the subscription pass reads them.
    const zoneGroup = report.targets.find((t) => t.id.toLowerCase() === ZONE_GROUP_FACTS.accountId.toLowerCase());
    expect(zoneGroup?.dns.map((d) => d.state)).toEqual(['zone-group', 'zone-group']);

    const requests = (await requestLog(world)).slice(start);
    expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);
    // Endpoints come from the subscription's listing, not one GET each.
    const endpointGets = requests.filter((r) => /\/privateEndpoints\/[^/?]+(\?|$)/i.test(r.path));
    expect(endpointGets).toEqual([]);
  });

  it('--html and --markdown write the pages and print their paths; --format prints one of them', async () => {
    const html = join(dir, 'fleet.html');
    const markdown = join(dir, 'fleet.md');
    const written = await runAgainst(world, ['report', '--html', html, '--markdown', markdown]);
    expect(written.stdout.trim().split('\n')).toEqual([html, markdown]);
    expect(written.stderr).toMatch(
      /^report: 7 targets: \d+ healthy, \d+ need a human, \d+ broken, 0 unknown \(\d+ ARM reads\)$/m,
    );
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>[\s\S]*<table id="targets">/);
    expect(readFileSync(markdown, 'utf8')).toMatch(/^# Private Link fleet report\n/);

    const printed = await runAgainst(world, ['report', '--format', 'markdown']);
    expect(printed.stdout).toMatch(
      /^# Private Link fleet report\n[\s\S]*\| Healthy \| Needs a human \| Broken \| Unknown \|/,
    );
  });

  it('refuses an unknown format (exit 2) before reading anything', async () => {
    const start = (await requestLog(world)).length;
    const { code, stderr } = await runAgainst(world, ['report', '--format', 'pdf']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--format <format>.*pdf.*json, markdown, html/);
    expect((await requestLog(world)).slice(start)).toEqual([]);
  });

  it('exits 1 and says so when a read fails, with the report marked incomplete', async () => {
    world.fault({
      method: 'GET',
      path: 'privatelink\\.vaultcore\\.azure\\.net/(A|ALL)$',
      kind: 'server-error',
      status: 500,
    });
    const { code, stdout, stderr } = await runAgainst(world, ['report']);
    const report = JSON.parse(stdout) as FleetReport;
    expect(report.complete).toBe(false);
    expect(report.failures.length).toBeGreaterThan(0);
    expect(stderr).toMatch(/^warning: \d+ read\(s\) failed; the report is incomplete:/m);
    expect(stderr).toMatch(/report: incomplete/);
    expect(code).toBe(1);
  });
});
