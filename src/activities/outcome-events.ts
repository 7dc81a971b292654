/**
 * The outcome events step: a run's outcome in, its CloudEvents out to the topic of AUTOPILOT_OUTCOME_TOPIC_ENDPOINT
 * (nothing when unset). It never throws for the topic: a failed publish is counted (health/details shows the
 * counters) and logged in one line, and the run goes on; the events of that publish are not sent again.
 */
import { inputObject, isoTimeField, optionalBoolean } from '../core/input';
import { loggable } from '../core/log-text';
import {
  outcomeEvents,
  outcomeEventSource,
  readOutcomeForEvents,
  reportUrlOf,
  type OutcomeEvent,
  type PublishedOutcomeEvents,
} from '../core/outcome-events';
import { loadSettings } from '../core/settings';
import { outcomeTopic, type OutcomeTopic, type OutcomeTopicTarget } from '../azure/outcome-topic';

/** Since this worker started: what health/details shows (each worker of a scaled-out app counts its own). */
export interface OutcomeEventCounters {
  published: number;
  failed: number;
  failedPublishes: number;
  lastFailure?: { at: string; message: string };
}

const counters: OutcomeEventCounters = { published: 0, failed: 0, failedPublishes: 0 };

export function outcomeEventCounters(): OutcomeEventCounters {
  return { ...counters, ...(counters.lastFailure ? { lastFailure: { ...counters.lastFailure } } : {}) };
}

export const OUTCOME_EVENTS_LOG_PREFIX = 'autopilot.outcome-events ';

export function publishOutcomeEvents(
  env: NodeJS.ProcessEnv = process.env,
  makeTopic: (target: OutcomeTopicTarget) => OutcomeTopic = outcomeTopic,
) {
  return async (input: unknown, log: (line: string) => void = console.warn): Promise<PublishedOutcomeEvents> => {
    const where = 'publishOutcomeEvents: input';
    const fields = inputObject(where, input, ['outcome', 'final', 'at']);
    const outcome = readOutcomeForEvents(`${where}.outcome`, fields.outcome);
    const final = optionalBoolean(where, fields, 'final') ?? true;
    const time = isoTimeField(where, fields, 'at');
    const settings = loadSettings(env);
    if (!settings.outcomeTopicEndpoint) return { enabled: false, published: 0, failed: 0 };
    const reportUrl = reportUrlOf(env.WEBSITE_HOSTNAME);
    const events: OutcomeEvent[] = outcomeEvents(outcome, {
      source: outcomeEventSource(settings.instanceId),
      final,
      time,
      ...(reportUrl ? { reportUrl } : {}),
    });
    if (events.length === 0) return { enabled: true, published: 0, failed: 0 };
    try {
      await makeTopic({
        endpoint: settings.outcomeTopicEndpoint,
        ...(settings.azureClientId ? { managedIdentityClientId: settings.azureClientId } : {}),
        localReceiver: settings.emulatorCaFile !== undefined,
      }).send(events);
      counters.published += events.length;
      return { enabled: true, published: events.length, failed: 0 };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      counters.failed += events.length;
      counters.failedPublishes += 1;
      counters.lastFailure = { at: new Date().toISOString(), message };
      log(
        loggable(
          `${OUTCOME_EVENTS_LOG_PREFIX}not published: ${events.length} event(s) of ${outcome.instanceId} pass ${outcome.pass} to ${new URL(settings.outcomeTopicEndpoint).host}: ${message}`,
        ),
      );
      return { enabled: true, published: 0, failed: events.length };
    }
  };
}
