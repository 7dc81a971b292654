/**
 * The fleet report as Markdown for a ticket: the summary table, one table row per target, then each target's
 * findings with what to do, then what could not be read. Every value from Azure is escaped, so a name cannot add
 * links, HTML or table cells.
 */
import { nameOf } from '../diagnose/names';
import {
  STATUS_LABELS,
  STATUS_MEANINGS,
  SUMMARY_KEYS,
  dnsProblems,
  dnsState,
  incompleteNote,
  notableFindings,
  regionState,
  shortType,
  zoneCopyLabel,
} from './text';
import type { FleetReport, TargetRow } from './types';

export function renderReportMarkdown(report: FleetReport): string {
  const { summary } = report;
  const lines = [
    '# Private Link fleet report',
    '',
    `Generated ${md(report.generatedAt)} by privatelink-autopilot: ${summary.targets} targets, ${summary.endpoints} private endpoints.`,
    '',
  ];
  if (!report.complete) lines.push(`> **${md(incompleteNote(report))}**`, '');
  lines.push(
    '| Healthy | Needs a human | Broken | Unknown |',
    '| ---: | ---: | ---: | ---: |',
    `| ${summary.healthy} | ${summary.needsHuman} | ${summary.broken} | ${summary.unknown} |`,
    '',
    ...SUMMARY_KEYS.map(([status]) => `- **${STATUS_LABELS[status]}**: ${STATUS_MEANINGS[status]}.`),
    '',
    '## Targets',
    '',
  );
  if (report.targets.length === 0) lines.push('No target in scope.', '');
  else {
    lines.push(
      '| Status | Target | Type | Endpoints (connection) | DNS (name → IP: state, zone copy) | Failover by region |',
      '| --- | --- | --- | --- | --- | --- |',
      ...report.targets.map(tableRow),
      '',
    );
  }
  const needing = report.targets.filter((t) => notableFindings(t).length > 0);
  if (needing.length > 0) {
    lines.push('## Findings and what to do', '');
    for (const row of needing) {
      lines.push(`### ${md(row.name)} (${STATUS_LABELS[row.status]})`, '', md(row.id), '');
      for (const finding of notableFindings(row)) {
        lines.push(`- **${finding.status}** ${md(finding.check)}: ${md(finding.message)}`);
        if (finding.action) lines.push(`  - → ${md(finding.action)}`);
      }
      lines.push('');
    }
  }
  if (report.failures.length > 0) {
    lines.push('## Not read', '');
    for (const f of report.failures)
      lines.push(`- ${md(f.stage)} ${md(f.resourceId)}: ${md(f.code)}: ${md(f.message)}`);
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

function tableRow(row: TargetRow): string {
  const endpoints =
    row.endpoints.length > 0
      ? row.endpoints.map((e) => `${md(e.name)} (${md(e.connectionStatus)}, ${md(e.provisioningState)})`)
      : row.connections.map((c) => `${md(nameOf(c.endpointId ?? c.id))} (${md(c.status)}, endpoint not read)`);
  const dns = row.dns.map((d) => `${md(d.fqdn)} → ${md(d.expectedIp)}: ${md(dnsState(d))}, ${md(zoneCopyLabel(d))}`);
  const problems = dnsProblems(row);
  if (problems > 0) dns.unshift(`${problems} problem${problems === 1 ? '' : 's'}:`);
  const failover = row.failover.map((r) => `${md(r.region)}: ${md(regionState(r))}`);
  const cells = [
    `**${STATUS_LABELS[row.status]}**`,
    md(row.name),
    md(shortType(row.type)),
    endpoints.join('<br>') || 'none',
    dns.join('<br>') || '—',
    failover.join('<br>') || '—',
  ];
  return `| ${cells.join(' | ')} |`;
}

/**
 * Text as Markdown shows it, literally: CommonMark lets any ASCII punctuation be escaped with a backslash, so the
 * characters that could start markup (emphasis, links, HTML, code, table cells) are; line breaks become spaces.
 */
export function md(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/[\\`*_[\]<>|~&!#]/g, (c) => `\\${c}`);
}
