/**
 * GET /api/report on the local host (the demo world): the function key is required, a bad format is refused naming
 * the field before any ARM call, and the three formats answer the same report: JSON as the CLI prints it, Markdown,
 * and the HTML page with its Content-Security-Policy as a header too. Nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetReport } from '../../src/core/report';
import { api, requestLog, startTestHost, type TestHost } from './support';

describe('GET /api/report', () => {
  let t: TestHost;
  beforeAll(async () => {
    t = await startTestHost();
  });
  afterAll(async () => t.close());

  it('requires the function key', async () => {
    expect((await api(t.host, 'GET', '/api/report', undefined, null)).status).toBe(401);
    expect((await api(t.host, 'GET', '/api/report', undefined, 'wrong-key')).status).toBe(401);
  });

  it('refuses an unknown format or field with 400 naming it, before any ARM call', async () => {
    const before = (await requestLog(t.emulator)).length;
    const pdf = await api(t.host, 'GET', '/api/report?format=pdf');
    expect(pdf.status).toBe(400);
    expect((pdf.json as { message: string }).message).toMatch(/^query\.format: expected one of json, markdown, html/);
    const misspelt = await api(t.host, 'GET', '/api/report?fromat=html');
    expect(misspelt.status).toBe(400);
    expect((misspelt.json as { message: string }).message).toMatch(/^query\.fromat: expected no such field/);
    expect((await requestLog(t.emulator)).slice(before)).toEqual([]);
  });

  it('answers the fleet report as JSON, Markdown and HTML, reading only', async () => {
    const before = (await requestLog(t.emulator)).length;
    const answer = await api(t.host, 'GET', '/api/report');
    expect(answer.status).toBe(200);
    const report = answer.json as FleetReport;
    expect(Object.keys(report)).toEqual(['generatedAt', 'summary', 'targets', 'failures', 'complete']);
    expect(report.summary.targets).toBe(report.targets.length);
    expect(report.targets.length).toBeGreaterThan(0);

    const markdown = await api(t.host, 'GET', '/api/report?format=markdown');
    expect(markdown.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(markdown.json as string).toMatch(/^# Private Link fleet report\n/);
    expect(markdown.json as string).toContain(
      `| ${report.summary.healthy} | ${report.summary.needsHuman} | ${report.summary.broken} | ${report.summary.unknown} |`,
    );

    const html = await api(t.host, 'GET', '/api/report?format=html');
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toMatch(
      /^default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'.*frame-ancestors 'none'$/,
    );
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
    expect(html.json as string).toMatch(
      new RegExp(`id="count-broken"[^>]*><span class="n">${report.summary.broken}</span>`),
    );
    expect((await requestLog(t.emulator)).slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
