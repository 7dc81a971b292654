/**
 * After the stories: the fleet report of the demo world, fetched from the app's own GET /api/report (with the
 * function key) as HTML and Markdown, written beside the host's state, and the paths printed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalHost } from './host';

export interface WrittenReport {
  html: string;
  markdown: string;
}

export async function writeFleetReport(host: LocalHost, dir: string): Promise<WrittenReport> {
  mkdirSync(dir, { recursive: true });
  const written = { html: join(dir, 'report.html'), markdown: join(dir, 'report.md') };
  for (const [format, file] of [
    ['html', written.html],
    ['markdown', written.markdown],
  ] as const) {
    const response = await fetch(`${host.hostUrl}/api/report?format=${format}`, {
      headers: { 'x-functions-key': host.functionKey },
    });
    const body = await response.text();
    if (!response.ok)
      throw new Error(`GET /api/report?format=${format} answered ${response.status}: ${body.slice(0, 200)}`);
    writeFileSync(file, body);
  }
  return written;
}
