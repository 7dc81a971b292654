/**
 * The fleet report's HTML page of the demo world (observed through the real SDK against the emulator), opened in
 * headless Chromium: no console error and nothing fetched from elsewhere, the summary counts shown are the JSON's,
 * filtering by text and by status shows and hides rows, clicking a column sorts. A page built from hostile values
 * runs nothing and shows them as text. The screenshot (1280 px wide) is kept under test-artifacts/report/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { renderReportHtml, type FleetReport } from '../../../src/core/report';
import { fleetReport } from '../../../src/engine';
import { browserMissing, launchChromium, type HeadlessChromium } from '../../support/chromium';
import type { AdapterWorld } from '../azure/support';
import { engineContext, startWorld } from '../engine/support';
import { hostileReport, HOSTILE } from '../../support/hostile-report';

const ARTIFACTS = resolve('test-artifacts', 'report');
const skipReason = browserMissing();
if (skipReason) console.warn(`the report page tests skip: ${skipReason}`);

let world: AdapterWorld | undefined;
let browser: HeadlessChromium | undefined;
let report: FleetReport;

beforeAll(async () => {
  world = await startWorld('demo');
  report = (await fleetReport(engineContext(world), 'cli')).report;
  mkdirSync(ARTIFACTS, { recursive: true });
  if (!skipReason) browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await world?.close();
});

interface OpenPage {
  page: Page;
  /** Console errors, page errors and requests for anything but the page itself. */
  problems: string[];
}

async function open(ctx: TestContext, html: string, name: string): Promise<OpenPage> {
  if (skipReason) ctx.skip(skipReason);
  const file = join(ARTIFACTS, `${name}.html`);
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const page = await (browser as HeadlessChromium).context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    if (request.url() !== url) problems.push(`request: ${request.url()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}

const visibleNames = (page: Page) =>
  page.$$eval('#targets tbody tr:not([hidden]) td:nth-child(2) strong', (cells) => cells.map((c) => c.textContent));

describe('the fleet report page in headless Chromium', () => {
  it('shows the JSON summary counts, every target, no console error, and a readable screenshot 1280 px wide', async (ctx) => {
    const { page, problems } = await open(ctx, renderReportHtml(report), 'demo');
    const shown = Object.fromEntries(
      await Promise.all(
        (['healthy', 'needs-human', 'broken', 'unknown'] as const).map(
          async (status) => [status, Number(await page.textContent(`#count-${status} .n`))] as const,
        ),
      ),
    );
    expect(shown).toEqual({
      healthy: report.summary.healthy,
      'needs-human': report.summary.needsHuman,
      broken: report.summary.broken,
      unknown: report.summary.unknown,
    });
    expect(report.summary.broken + report.summary.needsHuman + report.summary.healthy).toBeGreaterThan(0);
    expect(await visibleNames(page)).toEqual(report.targets.map((t) => t.name));
    expect(await page.isVisible('#incomplete')).toBe(false);
    await page.screenshot({ path: join(ARTIFACTS, 'demo-1280.png'), fullPage: true });
    await page.screenshot({ path: join(ARTIFACTS, 'demo-1280-first-screen.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('filters by text and by status, and says when nothing matches', async (ctx) => {
    const { page, problems } = await open(ctx, renderReportHtml(report), 'demo-filter');
    await page.fill('#filter-text', 'SEED-cosmos');
    expect(await visibleNames(page)).toEqual(['seed-cosmos']);
    expect(await page.textContent('#shown-count')).toBe('1');

    await page.fill('#filter-text', 'privatelink.documents.azure.com');
    const cosmosLike = report.targets.filter((t) => JSON.stringify(t.dns).includes('privatelink.documents.azure.com'));
    expect((await visibleNames(page)).length).toBeGreaterThanOrEqual(cosmosLike.length);

    await page.fill('#filter-text', '');
    await page.selectOption('#filter-status', 'needs-human');
    const needing = report.targets.filter((t) => t.status === 'needs-human').map((t) => t.name);
    expect(needing.length).toBeGreaterThan(0);
    expect(await visibleNames(page)).toEqual(needing);

    await page.click('#count-broken');
    expect(await visibleNames(page)).toEqual(report.targets.filter((t) => t.status === 'broken').map((t) => t.name));
    expect(await page.inputValue('#filter-status')).toBe('broken');

    await page.fill('#filter-text', 'no-such-target-anywhere');
    expect(await visibleNames(page)).toEqual([]);
    expect(await page.isVisible('#no-match')).toBe(true);

    await page.selectOption('#filter-status', '');
    await page.fill('#filter-text', '');
    expect((await visibleNames(page)).length).toBe(report.targets.length);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('sorts by a column when its header is clicked, and back', async (ctx) => {
    const { page, problems } = await open(ctx, renderReportHtml(report), 'demo-sort');
    const names = report.targets.map((t) => t.name);
    const ascending = [...names].sort((a, b) => a.localeCompare(b));
    expect(names).not.toEqual(ascending);

    await page.click('#targets th:nth-child(2) button');
    expect(await visibleNames(page)).toEqual(ascending);
    expect(await page.getAttribute('#targets th:nth-child(2)', 'aria-sort')).toBe('ascending');
    await page.click('#targets th:nth-child(2) button');
    expect(await visibleNames(page)).toEqual([...ascending].reverse());

    await page.click('#targets th:nth-child(1) button');
    await page.click('#targets th:nth-child(1) button');
    expect(await visibleNames(page)).not.toEqual(names);
    await page.click('#targets th:nth-child(1) button');
    const statuses = await page.$$eval('#targets tbody tr', (rows) => rows.map((r) => r.getAttribute('data-status')));
    expect(statuses).toEqual(report.targets.map((t) => t.status));
    expect(problems).toEqual([]);
    await page.close();
  });

  it('says at the top that a report is incomplete, and lists what was not read', async (ctx) => {
    const incomplete: FleetReport = {
      ...report,
      complete: false,
      failures: [
        { stage: 'records', resourceId: `${report.targets[0]?.id ?? ''}/x`, code: 'Throttled', message: 'too many' },
      ],
    };
    const { page, problems } = await open(ctx, renderReportHtml(incomplete), 'demo-incomplete');
    expect(await page.isVisible('#incomplete')).toBe(true);
    expect(await page.textContent('#incomplete')).toMatch(/INCOMPLETE: 1 read failed[\s\S]*Throttled: too many/);
    const [banner, summary] = await Promise.all(
      ['#incomplete', '.summary'].map(async (s) => (await page.locator(s).boundingBox())?.y ?? -1),
    );
    expect(banner).toBeLessThan(summary as number);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('runs nothing a hostile name, description or message carries, and shows it as text', async (ctx) => {
    const { page, problems } = await open(ctx, renderReportHtml(hostileReport()), 'hostile');
    expect(await page.evaluate(() => (globalThis as { pwned?: unknown }).pwned)).toBeUndefined();
    expect(await page.$$('img, iframe, a, form, object, embed')).toEqual([]);
    expect(await page.$$('script')).toHaveLength(1);
    expect(await page.textContent('#targets tbody')).toContain(HOSTILE);
    expect(await visibleNames(page)).toEqual([HOSTILE]);
    await page.fill('#filter-text', '<img');
    expect((await visibleNames(page)).length).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });
});
