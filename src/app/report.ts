/**
 * GET /api/report: the fleet report of the app's scope, as JSON (default), Markdown (`?format=markdown`) or the HTML
 * page (`?format=html`), computed as the CLI's `report` computes it; reads only. The query is checked before any ARM
 * call.
 */
import type { HttpResponseInit } from '@azure/functions';
import { createArmContext } from '../azure/ports';
import { InputError, inputObject } from '../core/input';
import { REPORT_CSP, REPORT_FORMATS, renderReportHtml, renderReportMarkdown, type ReportFormat } from '../core/report';
import { fleetReport } from '../engine';
import { json } from './http';
import { requireAppSettings } from './settings';

export async function reportFor(
  query: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<HttpResponseInit> {
  const { settings } = requireAppSettings(env);
  const format = formatOf(inputObject('query', query, ['format']));
  const { report } = await fleetReport(createArmContext({ settings }), 'function-app');
  if (format === 'json') return json(200, report);
  const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
  if (format === 'markdown') {
    return {
      status: 200,
      body: renderReportMarkdown(report),
      headers: { ...headers, 'content-type': 'text/markdown; charset=utf-8' },
    };
  }
  return {
    status: 200,
    body: renderReportHtml(report),
    headers: {
      ...headers,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `${REPORT_CSP}; frame-ancestors 'none'`,
    },
  };
}

function formatOf(fields: Record<string, unknown>): ReportFormat {
  const value = fields.format ?? 'json';
  if (typeof value === 'string' && (REPORT_FORMATS as readonly string[]).includes(value)) return value as ReportFormat;
  throw new InputError('query', 'format', `one of ${REPORT_FORMATS.join(', ')}`, value);
}
