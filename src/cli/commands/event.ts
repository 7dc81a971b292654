import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { EVENT_INTENTS, type RouteContext, type RoutedEvent, routeContextOf, routeDelivery } from '../../core/events';
import { parseJson } from '../../core/json-text';
import { type Settings, SettingsError, loadSettings } from '../../core/settings';
import { CliFailure, EXIT_FAILURE, EXIT_USAGE } from '../exit';
import { collectSubscription } from './arm-options';

interface ExplainOptions {
  scope: string[];
  json?: boolean;
}

interface ExplainedEvent {
  file: string;
  result: RoutedEvent;
}

export function registerEventCommands(program: Command): void {
  const event = program
    .command('event')
    .description('Inspect Event Grid deliveries the way the function app routes them.');

  event
    .command('explain')
    .description(
      'Show, for each event, what the router would do (intent) and why. A file holds one delivery: one event or an ' +
        'array, in the Event Grid schema or CloudEvents 1.0.',
    )
    .argument('<files...>', 'delivery JSON files')
    .option(
      '--scope <subscriptionId>',
      'a subscription in scope (repeatable); overrides AUTOPILOT_SCOPE_SUBSCRIPTIONS',
      collectSubscription,
      [],
    )
    .option(
      '--json',
      `print a JSON array of {eventId, eventType, resourceId, operationName, intent, reason, ...}; intent is one of ${EVENT_INTENTS.join(', ')}`,
    )
    .action(async (paths: string[], options: ExplainOptions) => {
      const context = routeContext(options.scope);
      const deliveries = paths.map((file) => ({ file, text: readText(file) }));
      const explained: ExplainedEvent[] = [];
      const problems: string[] = [];
      for (const { file, text } of deliveries) {
        let body: unknown;
        try {
          body = parseJson(text);
        } catch (err) {
          problems.push(`${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
          continue;
        }
        const { results, errors } = await routeDelivery(body, context);
        explained.push(...results.map((result) => ({ file, result })));
        problems.push(...errors.map((e) => `${file}: ${e.message}`));
      }
      process.stdout.write(
        options.json ? `${JSON.stringify(explained.map(toJson), null, 2)}\n` : formatText(explained),
      );
      if (problems.length > 0) {
        throw new CliFailure(
          `malformed input (${problems.length}):\n${problems.map((p) => `  ${p}`).join('\n')}`,
          EXIT_FAILURE,
        );
      }
    });
}

/** Routes as the function app does: the configured catalogue's target types, and the configured scope unless --scope is given. */
function routeContext(flaggedScope: string[]): RouteContext {
  let settings: Settings;
  try {
    settings = loadSettings(process.env);
  } catch (err) {
    if (err instanceof SettingsError) throw new CliFailure(err.message, EXIT_USAGE);
    throw err;
  }
  const scope = flaggedScope.length > 0 ? flaggedScope : settings.scopeSubscriptions;
  // As the settings do: without AUTOPILOT_DNS_ZONE_SUBSCRIPTION the zones are in the first scope subscription.
  if (scope.length > 0)
    return routeContextOf({ ...settings, dnsZoneSubscription: settings.dnsZoneSubscription ?? scope[0] }, scope);
  process.stderr.write(
    'note: no scope configured (--scope or AUTOPILOT_SCOPE_SUBSCRIPTIONS): every subscription is in scope\n',
  );
  return routeContextOf(settings, 'all');
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliFailure(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`, EXIT_USAGE);
  }
}

function toJson({ file, result }: ExplainedEvent) {
  return {
    eventId: result.eventId,
    eventType: result.eventType,
    resourceId: result.resourceId,
    operationName: result.operationName,
    intent: result.intent,
    reason: result.reason,
    ...(result.subscriptionId !== undefined ? { subscriptionId: result.subscriptionId } : {}),
    ...(result.intent !== 'ignored'
      ? { subjectKind: result.subjectKind, subjectId: result.subjectId, orchestrationKey: result.orchestrationKey }
      : {}),
    schema: result.schema,
    file,
    index: result.index,
  };
}

function formatText(explained: ExplainedEvent[]): string {
  const lines: string[] = [];
  let currentFile: string | undefined;
  for (const { file, result } of explained) {
    if (file !== currentFile) {
      lines.push(file);
      currentFile = file;
    }
    lines.push(`  [${result.index}] ${result.intent.padEnd(18)} ${result.operationName || '(no operation)'}`);
    lines.push(`      event:    ${result.eventType} ${result.eventId}`);
    lines.push(`      resource: ${result.resourceId || '(none)'}`);
    if (result.intent !== 'ignored') lines.push(`      works on: ${result.subjectKind} ${result.subjectId}`);
    lines.push(`      why:      ${result.reason}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
