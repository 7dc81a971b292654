/** The human view of a diagnosis: one table row per finding, its action on the line below, and a one-line verdict. */
import { nameOf, plural, shortName } from './names';
import type { DiagnosisReport, Finding } from './types';

const HEADERS = ['STATUS', 'CHECK', 'SUBJECT', 'MESSAGE'] as const;

const VERDICTS: Record<DiagnosisReport['status'], string> = {
  ok: 'private access is healthy',
  warning: 'private access needs attention: see the actions above',
  error: 'private access is broken: follow the actions above, errors first',
  unknown: 'not everything could be checked: see what could not be read above, then run doctor again',
};

export function renderDiagnosis(report: DiagnosisReport): string {
  const rows = report.findings.map((finding) => ({ cells: cellsOf(finding), action: finding.action }));
  const widths = [0, 1, 2].map((column) =>
    Math.max(HEADERS[column]?.length ?? 0, ...rows.map((row) => row.cells[column]?.length ?? 0)),
  );
  const indent = widths.reduce((sum, width) => sum + width + 2, 0);
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column < 3 ? cell.padEnd(widths[column] ?? 0) : cell))
      .join('  ')
      .trimEnd();
  const lines = [`doctor: ${shortName(report.subject.id)} (${report.subject.id})`, '', line(HEADERS)];
  for (const row of rows) {
    lines.push(line(row.cells));
    if (row.action) lines.push(`${' '.repeat(indent)}→ ${row.action}`);
  }
  lines.push('', verdict(report));
  return `${lines.join('\n')}\n`;
}

function cellsOf(finding: Finding): string[] {
  return [finding.status, finding.check, shortName(finding.subject), finding.message];
}

function verdict(report: DiagnosisReport): string {
  const { counts } = report;
  const tally = [
    plural(counts.error, 'error'),
    plural(counts.warning, 'warning'),
    ...(counts.unknown > 0 ? [`${counts.unknown} unknown`] : []),
    `${counts.ok} ok`,
    `${counts.info} info`,
  ].join(', ');
  return `verdict: ${report.status.toUpperCase()} for ${nameOf(report.subject.id)} (${tally}): ${VERDICTS[report.status]}`;
}
