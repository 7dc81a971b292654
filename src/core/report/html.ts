/**
 * The fleet report as one self-contained HTML page: the summary counts first, then one row per target, sortable by
 * any column and filtered by text and status. Nothing is loaded from elsewhere: the style and script are inline and
 * the page's Content-Security-Policy allows only those two (by hash). Every value from Azure is escaped.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../diagnose';
import { nameOf } from '../diagnose/names';
import { tryParseResourceId } from '../resource-id';
import { REPORT_SCRIPT, REPORT_STYLE } from './html-assets';
import {
  STATUS_LABELS,
  STATUS_MEANINGS,
  SUMMARY_KEYS,
  dnsProblems,
  dnsState,
  incompleteNote,
  notableFindings,
  regionState,
  regionsNotReady,
  shortType,
  zoneCopyLabel,
} from './text';
import { TARGET_STATUSES, type FleetReport, type TargetRow } from './types';

/** The policy the page carries; an HTTP answer sends it as a header too. */
export const REPORT_CSP = [
  "default-src 'none'",
  `style-src '${sha256(REPORT_STYLE)}'`,
  `script-src '${sha256(REPORT_SCRIPT)}'`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function renderReportHtml(report: FleetReport): string {
  const { summary } = report;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${esc(REPORT_CSP)}">
<link rel="icon" href="data:,">
<title>Private Link fleet report ${esc(report.generatedAt)}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
<header>
<h1>Private Link fleet report</h1>
<p class="meta">Generated <time datetime="${esc(report.generatedAt)}">${esc(report.generatedAt)}</time> by privatelink-autopilot · ${summary.targets} targets · ${summary.endpoints} private endpoints${report.complete ? ' · complete: every read succeeded' : ''}</p>
</header>
${report.complete ? '' : incompleteSection(report)}<section class="summary" aria-label="Summary">
${SUMMARY_KEYS.map(
  ([status, key]) =>
    `<button type="button" class="card ${status}" id="count-${status}" data-filter-status="${status}" aria-pressed="false" title="show only ${STATUS_LABELS[status]} targets"><span class="n">${summary[key]}</span><span class="label">${STATUS_LABELS[status]}</span><span class="meaning">${esc(STATUS_MEANINGS[status])}</span></button>`,
).join('\n')}
</section>
<section class="controls" aria-label="Filter">
<label>Filter <input type="search" id="filter-text" placeholder="name, endpoint, record, zone, region, finding…" autocomplete="off"></label>
<label>Status <select id="filter-status"><option value="">all</option>${TARGET_STATUSES.map((s) => `<option value="${s}">${STATUS_LABELS[s]}</option>`).join('')}</select></label>
<span><span id="shown-count">${report.targets.length}</span> of ${report.targets.length} targets shown</span>
</section>
<table id="targets">
<colgroup><col class="status"><col class="target"><col class="endpoints"><col class="dns"><col class="failover"><col class="findings"></colgroup>
<thead><tr>
<th data-type="number" aria-sort="ascending"><button type="button">Status</button></th>
<th data-type="text"><button type="button">Target</button></th>
<th data-type="number"><button type="button">Endpoints</button></th>
<th data-type="number"><button type="button">DNS per name and zone copy</button></th>
<th data-type="number"><button type="button">Failover by region</button></th>
<th data-type="number"><button type="button">Findings and what to do</button></th>
</tr></thead>
<tbody>
${report.targets.map(targetRow).join('\n')}
</tbody>
</table>
<p id="no-match"${report.targets.length === 0 ? '' : ' hidden'}>${report.targets.length === 0 ? 'No target in scope.' : 'No target matches the filter.'}</p>
<footer>Statuses follow the doctor (<code>privatelink-autopilot doctor</code>): a target is as bad as its worst finding; info findings never count. Sort by clicking a column; the Status column sorts worst first. The same report as JSON: <code>privatelink-autopilot report</code> or <code>GET /api/report</code>.</footer>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}

function incompleteSection(report: FleetReport): string {
  return `<section class="incomplete" id="incomplete" role="alert">
<h2>Incomplete report</h2>
<p>${esc(incompleteNote(report))}</p>
<ul>
${report.failures.map((f) => `<li><strong>${esc(f.stage)}</strong> <span class="id">${esc(f.resourceId)}</span>: ${esc(f.code)}: ${esc(f.message)}</li>`).join('\n')}
</ul>
</section>
`;
}

function targetRow(row: TargetRow): string {
  const rank = TARGET_STATUSES.indexOf(row.status);
  const notable = notableFindings(row);
  const severity = row.counts.error * 1_000_000 + row.counts.warning * 1_000 + row.counts.unknown;
  return `<tr data-status="${row.status}" data-search="${esc(searchText(row))}">
<td data-sort="${rank}"><span class="badge ${row.status}">${STATUS_LABELS[row.status]}</span></td>
<td data-sort="${esc(row.name)}" title="${esc(row.id)}"><strong>${esc(row.name)}</strong><div class="muted">${esc(shortType(row.type))}</div><div class="muted">${esc(placeOf(row.id))}</div></td>
<td data-sort="${row.endpoints.length}">${endpointsCell(row)}</td>
<td data-sort="${dnsProblems(row)}">${dnsCell(row)}</td>
<td data-sort="${regionsNotReady(row)}">${failoverCell(row)}</td>
<td data-sort="${severity}">${findingsCell(row, notable)}</td>
</tr>`;
}

/** `rg-data · subscription 0000…000a` for an ARM ID; an alias is its own place. */
function placeOf(id: string): string {
  const parsed = tryParseResourceId(id);
  if (!parsed) return 'Private Link Service alias';
  const subscription = parsed.subscriptionId;
  const short = subscription.length > 12 ? `${subscription.slice(0, 4)}…${subscription.slice(-4)}` : subscription;
  return `${parsed.resourceGroup ?? ''} · subscription ${short}`;
}

function endpointsCell(row: TargetRow): string {
  const items = row.endpoints.map((e) => {
    const connection = row.connections.find((c) => c.endpointId?.toLowerCase() === e.id.toLowerCase());
    const status = connection?.status ?? e.connectionStatus;
    const actions =
      e.actionsRequired && e.actionsRequired.toLowerCase() !== 'none'
        ? ` <span class="pill wait">actionsRequired ${esc(e.actionsRequired)}</span>`
        : '';
    const state =
      e.provisioningState.toLowerCase() === 'succeeded'
        ? ''
        : ` <span class="pill ${e.provisioningState.toLowerCase() === 'failed' ? 'bad' : 'wait'}">${esc(e.provisioningState)}</span>`;
    const zoneGroup = e.managedByZoneGroup ? ' <span class="muted">(zone group)</span>' : '';
    return `<li><span title="${esc(e.id)}">${esc(e.name)}</span> ${connectionPill(status)}${state}${actions}${zoneGroup}</li>`;
  });
  const paired = new Set(row.endpoints.map((e) => e.id.toLowerCase()));
  for (const c of row.connections) {
    if (c.endpointId && paired.has(c.endpointId.toLowerCase())) continue;
    items.push(
      `<li><span title="${esc(c.endpointId ?? c.id)}">${esc(nameOf(c.endpointId ?? c.id))}</span> ${connectionPill(c.status)} <span class="muted">endpoint not read</span></li>`,
    );
  }
  return items.length > 0 ? `<ul>${items.join('')}</ul>` : '<span class="muted">no private endpoint</span>';
}

function connectionPill(status: string): string {
  const tone: Record<string, string> = { approved: 'good', pending: 'wait', rejected: 'bad', disconnected: 'bad' };
  return `<span class="pill ${tone[status.toLowerCase()] ?? ''}">${esc(status)}</span>`;
}

function dnsCell(row: TargetRow): string {
  if (row.dns.length === 0) return '<span class="muted">no record to check</span>';
  const tone = { ok: 'good', 'zone-group': '', 'extra-ips': 'wait' } as Record<string, string>;
  return `<ul>${row.dns
    .map(
      (d) =>
        `<li><span class="pill ${tone[d.state] ?? 'bad'}">${esc(dnsState(d))}</span> <code class="fqdn">${esc(d.fqdn)}</code> → <code>${esc(d.expectedIp)}</code> <span class="muted" title="${esc(d.zoneCopy?.zoneId ?? '')}">in ${esc(zoneCopyLabel(d))}</span></li>`,
    )
    .join('')}</ul>`;
}

function failoverCell(row: TargetRow): string {
  if (row.failover.length === 0) return `<span class="muted">${noRegionsReason(row)}</span>`;
  return `<ul>${row.failover
    .map(
      (r) =>
        `<li title="${esc(r.message)}"><span class="pill ${r.ready ? 'good' : r.status === 'error' ? 'bad' : 'wait'}">${esc(regionState(r))}</span> ${esc(r.region)} <span class="muted">priority ${esc(String(r.failoverPriority))}</span></li>`,
    )
    .join('')}</ul>`;
}

function noRegionsReason(row: TargetRow): string {
  if (!row.type) return 'target not read';
  if (row.type.toLowerCase() !== 'microsoft.documentdb/databaseaccounts')
    return 'no regions to map (not a databaseAccounts)';
  return 'no Approved endpoint';
}

function findingsCell(row: TargetRow, notable: Finding[]): string {
  const passed = row.findings.filter((f) => f.status === 'ok');
  const list = notable
    .map(
      (f) =>
        `<li><span class="pill ${f.status}">${f.status}</span> <span class="check">${esc(f.check)}</span>: ${esc(f.message)}${f.action ? `<div class="action">${esc(f.action)}</div>` : ''}</li>`,
    )
    .join('');
  const ok =
    passed.length > 0
      ? `<details><summary>${passed.length} check${passed.length === 1 ? '' : 's'} passed</summary><ul>${passed.map((f) => `<li><span class="check">${esc(f.check)}</span>: ${esc(f.message)}</li>`).join('')}</ul></details>`
      : '';
  return `${list ? `<ol class="findings">${list}</ol>` : '<span class="muted">nothing to do</span>'}${ok}`;
}

/** What the text filter matches: everything the row shows, lower case. */
function searchText(row: TargetRow): string {
  return [
    row.name,
    row.id,
    row.type ?? '',
    STATUS_LABELS[row.status],
    ...row.endpoints.flatMap((e) => [e.name, e.id, e.connectionStatus, e.provisioningState, ...e.ips.map((i) => i.ip)]),
    ...row.connections.flatMap((c) => [c.name, c.status, c.description]),
    ...row.dns.flatMap((d) => [d.fqdn, d.expectedIp, ...d.recordIps, zoneCopyLabel(d), dnsState(d)]),
    ...row.failover.flatMap((r) => [r.region, r.member, regionState(r)]),
    ...row.findings.flatMap((f) => [f.check, f.message, f.action]),
  ]
    .join(' ')
    .toLowerCase();
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML content and quoted attribute values: the five characters that could end either are replaced. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}
