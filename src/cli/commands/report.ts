import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import {
  REPORT_FORMATS,
  renderReportHtml,
  renderReportMarkdown,
  type FleetReport,
  type ReportFormat,
} from '../../core/report';
import { fleetReport } from '../../engine';
import { CliFailure, EXIT_FAILURE, EXIT_USAGE } from '../exit';
import { addScopeOptions, type ArmFlags } from './arm-options';
import { withEngine } from './run-engine';

interface ReportFlags extends ArmFlags {
  format?: ReportFormat;
  html?: string;
  markdown?: string;
}

export function registerReportCommand(program: Command): void {
  addScopeOptions(
    program
      .command('report')
      .description(
        "The fleet report: the doctor's checks for every target in scope, read in pages (the whole-scope pass's " +
          'listings, not a read per resource). Summary counts (healthy, needs a human, broken, unknown), then per ' +
          'target its endpoints, connection states, DNS per claimed name and zone copy, failover readiness per region ' +
          'and each finding with what to do. Exit 1 when a target is broken or something could not be read.',
      )
      .addOption(
        new Option(
          '--format <format>',
          'what to print: json ({"generatedAt", "summary", "targets", "failures", "complete"}), markdown or html ' +
            '(default json; with --html or --markdown and no --format, a line per file written instead)',
        ).choices(REPORT_FORMATS),
      )
      .option('--html <file>', 'also write the report as one self-contained HTML page to this file')
      .option('--markdown <file>', 'also write the report as Markdown (for a ticket) to this file'),
  ).action(async (flags: ReportFlags) => {
    await withEngine(flags, async (ctx) => {
      const { report, calls } = await fleetReport(ctx, 'cli');
      process.stderr.write(failureLines(report));
      const written: string[] = [];
      for (const [file, render] of [
        [flags.html, renderReportHtml],
        [flags.markdown, renderReportMarkdown],
      ] as const) {
        if (file === undefined) continue;
        await writeReport(file, render(report));
        written.push(resolve(file));
      }
      if (flags.format !== undefined || written.length === 0)
        process.stdout.write(rendered(report, flags.format ?? 'json'));
      else {
        for (const path of written) process.stdout.write(`${path}\n`);
        process.stderr.write(`${summaryLine(report)} (${calls.reads} ARM reads)\n`);
      }
      if (!report.complete) {
        throw new CliFailure(
          `report: incomplete: ${report.failures.length} read(s) failed; targets may be missing or unknown; run again when they can be read`,
          EXIT_FAILURE,
        );
      }
      if (report.summary.broken > 0) throw new CliFailure('', EXIT_FAILURE);
    });
  });
}

function rendered(report: FleetReport, format: ReportFormat): string {
  if (format === 'html') return renderReportHtml(report);
  if (format === 'markdown') return renderReportMarkdown(report);
  return `${JSON.stringify(report, null, 2)}\n`;
}

function failureLines({ failures }: FleetReport): string {
  if (failures.length === 0) return '';
  const lines = [`warning: ${failures.length} read(s) failed; the report is incomplete:`];
  for (const f of failures) lines.push(`  ${f.stage} ${f.resourceId}: ${f.code}: ${f.message}`);
  return `${lines.join('\n')}\n`;
}

function summaryLine({ summary }: FleetReport): string {
  return (
    `report: ${summary.targets} targets: ${summary.healthy} healthy, ${summary.needsHuman} need a human, ` +
    `${summary.broken} broken, ${summary.unknown} unknown`
  );
}

async function writeReport(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text, 'utf8');
  } catch (err) {
    throw new CliFailure(`cannot write ${file}: ${err instanceof Error ? err.message : String(err)}`, EXIT_USAGE);
  }
}
