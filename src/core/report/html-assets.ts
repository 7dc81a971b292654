/**
 * The page's own style and script, inline and constant: the Content-Security-Policy allows exactly these two by hash,
 * so nothing else can run or style the page even if markup got in. No value from Azure is ever placed in them.
 */
export const REPORT_STYLE = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --soft: #f6f8fa;
  --broken: #b42318; --broken-bg: #fdecea; --human: #8a5300; --human-bg: #fff4d6; --unknown: #4b5563;
  --unknown-bg: #eceff3; --healthy: #1a7f37; --healthy-bg: #e6f4ea; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; padding: 20px 24px 32px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans",
  "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 22px; margin: 0 0 2px; }
h2 { font-size: 16px; margin: 0 0 6px; }
.meta, .muted { color: var(--muted); }
.meta { margin: 0 0 14px; }
code, .id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12px; }
.id { color: var(--muted); overflow-wrap: anywhere; }
.incomplete { border: 2px solid var(--broken); background: var(--broken-bg); border-radius: 6px; padding: 10px 14px;
  margin: 0 0 14px; }
.incomplete h2 { color: var(--broken); }
.incomplete ul { margin: 6px 0 0; padding-left: 20px; }
.summary { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin: 0 0 14px; }
.card { text-align: left; font: inherit; color: inherit; border: 1px solid var(--line); border-left-width: 6px;
  border-radius: 6px; background: var(--soft); padding: 8px 12px; cursor: pointer; }
.card .n { display: block; font-size: 28px; font-weight: 700; line-height: 1.1; }
.card .label { display: block; font-weight: 600; }
.card .meaning { display: block; color: var(--muted); font-size: 12px; }
.card.broken { border-left-color: var(--broken); } .card.broken .n { color: var(--broken); }
.card.needs-human { border-left-color: var(--human); } .card.needs-human .n { color: var(--human); }
.card.unknown { border-left-color: var(--unknown); } .card.unknown .n { color: var(--unknown); }
.card.healthy { border-left-color: var(--healthy); } .card.healthy .n { color: var(--healthy); }
.card[aria-pressed="true"] { outline: 2px solid var(--fg); }
.controls { display: flex; flex-wrap: wrap; gap: 16px; align-items: center; margin: 0 0 10px; }
.controls input, .controls select { font: inherit; padding: 4px 8px; border: 1px solid var(--line); border-radius: 4px; }
.controls input { width: 340px; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); padding: 8px 8px; }
td { font-size: 13px; overflow-wrap: anywhere; }
th { background: var(--soft); position: sticky; top: 0; }
th button { font: inherit; font-weight: 600; border: 0; background: none; padding: 0; cursor: pointer; color: inherit; }
th button::after { content: " \\2195"; color: var(--muted); }
th[aria-sort="ascending"] button::after { content: " \\2191"; color: var(--fg); }
th[aria-sort="descending"] button::after { content: " \\2193"; color: var(--fg); }
col.status { width: 128px; } col.target { width: 14%; } col.endpoints { width: 13%; } col.dns { width: 24%; }
col.failover { width: 12%; }
ul, ol { margin: 0; padding: 0; list-style: none; }
li + li { margin-top: 4px; }
.badge, .pill { display: inline-block; border-radius: 10px; padding: 0 7px; font-size: 12px; font-weight: 600;
  white-space: nowrap; background: var(--unknown-bg); color: var(--unknown); }
.badge { font-size: 13px; padding: 1px 9px; }
td .badge { white-space: normal; }
.broken, .error, .bad { background: var(--broken-bg); color: var(--broken); }
.needs-human, .warning, .wait { background: var(--human-bg); color: var(--human); }
.healthy, .ok, .good { background: var(--healthy-bg); color: var(--healthy); }
.card.broken, .card.needs-human, .card.healthy, .card.unknown { background: var(--soft); color: inherit; }
.findings li { padding-left: 2px; }
.check { font-weight: 600; }
.action { color: var(--fg); margin: 2px 0 0 12px; }
.action::before { content: "\\2192  "; color: var(--muted); }
details { margin-top: 4px; color: var(--muted); }
summary { cursor: pointer; }
.fqdn { overflow-wrap: anywhere; }
#no-match { padding: 12px; color: var(--muted); }
footer { margin-top: 18px; color: var(--muted); font-size: 12px; }
`;

export const REPORT_SCRIPT = `
(function () {
  "use strict";
  var table = document.getElementById("targets");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var text = document.getElementById("filter-text");
  var status = document.getElementById("filter-status");
  var shown = document.getElementById("shown-count");
  var noMatch = document.getElementById("no-match");
  var cards = Array.prototype.slice.call(document.querySelectorAll("[data-filter-status]"));
  function filter() {
    var query = text.value.trim().toLowerCase();
    var wanted = status.value;
    var count = 0;
    rows.forEach(function (row) {
      var visible = (wanted === "" || row.getAttribute("data-status") === wanted) &&
        (query === "" || row.getAttribute("data-search").indexOf(query) >= 0);
      row.hidden = !visible;
      if (visible) count += 1;
    });
    shown.textContent = String(count);
    noMatch.hidden = count > 0;
    cards.forEach(function (card) {
      card.setAttribute("aria-pressed", String(card.getAttribute("data-filter-status") === wanted));
    });
  }
  text.addEventListener("input", filter);
  status.addEventListener("change", filter);
  cards.forEach(function (card) {
    card.addEventListener("click", function () {
      var value = card.getAttribute("data-filter-status");
      status.value = status.value === value ? "" : value;
      filter();
    });
  });
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  headers.forEach(function (th, column) {
    var button = th.querySelector("button");
    if (!button) return;
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var numeric = th.getAttribute("data-type") === "number";
      var keyed = Array.prototype.slice.call(body.rows).map(function (row, index) {
        return { row: row, index: index, key: row.cells[column].getAttribute("data-sort") || "" };
      });
      keyed.sort(function (a, b) {
        var order = numeric ? Number(a.key) - Number(b.key) : a.key.localeCompare(b.key);
        return (ascending ? order : -order) || a.index - b.index;
      });
      keyed.forEach(function (entry) { body.appendChild(entry.row); });
    });
  });
  filter();
})();
`;
