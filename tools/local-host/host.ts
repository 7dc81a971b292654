/**
 * The local host: the function app's registered functions, run as the Functions host would run them but without it.
 * It serves their HTTP routes and the Event Grid webhook, fires their timers, and executes orchestrations with the real
 * durable-functions replay engine (history kept per instance on disk: a restart replays, it does not redo writes).
 * ARM is the embedded emulator (subscribed to the webhook), or Azure itself with `azure: true`. With the emulator, a
 * receiver stands in for the outcome events' Event Grid topic and prints what it would have routed.
 */
import { randomBytes } from 'node:crypto';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '@privatelink-autopilot/arm-emulator';
import { setProcessPrivateDnsPacing } from '../../src/azure/pacing';
import { settingValue } from '../../src/core/settings';
import {
  DurableRuntime,
  realClock,
  scaledClock,
  type LogEntry,
  type Registration,
  type TimelineEvent,
} from './durable';
import { routedLine, startOutcomeReceiver, type OutcomeReceiver } from './outcome-receiver';
import { startHostServer, type HostServer } from './server';
import { historyLine, logLine, timelineLine, type TimelineSink } from './timeline';
import { scheduleTimer, type TimerHandle } from './timers';

export interface LocalHostOptions {
  registrations: Registration[];
  /** Where orchestration histories are kept; reuse it to resume after a restart. */
  stateDir: string;
  /** App settings for the functions (the process environment is where the function app reads them). */
  settings: Record<string, string>;
  /** Start the emulator with this world (name or scenario); absent with `azure`. */
  emulator?: EmulatorOptions;
  /** Reuse a running emulator (a host restart keeps the world). */
  runningEmulator?: RunningEmulator;
  /** Durable time runs this many times faster than wall time (default 1): durable timers, retries, grace periods. */
  timeScale?: number;
  /** Anchor of the scaled clock; a restarted host passes the first one's so durable time never goes back. */
  clockAnchorMs?: number;
  port?: number;
  functionKey?: string;
  /** Fire timers on their schedule (default true). */
  timers?: boolean;
  timeline?: TimelineSink;
  onHistory?: (event: TimelineEvent) => void;
  /** Every log entry of the functions, as written (the timeline shows a rendering of some). */
  onLog?: (entry: LogEntry) => void;
}

export interface LocalHost {
  hostUrl: string;
  functionKey: string;
  emulator?: RunningEmulator;
  /** With the emulator: the outcome events' stand-in topic (unless the settings name another). */
  outcomes?: OutcomeReceiver;
  runtime: DurableRuntime;
  clockAnchorMs: number;
  /** Durable time's speed-up over wall time. */
  timeScale: number;
  /** Runs a function by name as the host would (a timer, a queue message), e.g. the orphan sweep now. */
  invoke(name: string, input?: unknown): Promise<unknown>;
  /**
   * Stops serving; the emulator too unless it was passed in. `crashed`: the host died (after `runtime.crash()`): its
   * connections are cut, and Event Grid keeps delivering (and retrying) to its URL, where the next host on the same
   * port and key will answer.
   */
  close(options?: { crashed?: boolean }): Promise<void>;
}

export const EVENT_GRID_FUNCTION = 'resourceEvents';

export async function startLocalHost(options: LocalHostOptions): Promise<LocalHost> {
  const timeline = options.timeline ?? (() => undefined);
  // Durable time runs `timeScale` times faster: Private DNS's per-minute limits do too, on the emulator it starts and
  // in the app's pacing, so a minute of limits is a minute of the app's time.
  const timeScale = options.timeScale ?? 1;
  if (timeScale !== 1) setProcessPrivateDnsPacing({ timeScale });
  const emulator =
    options.runningEmulator ??
    (options.emulator
      ? await startEmulator({
          ...options.emulator,
          throttle: {
            ...options.emulator.throttle,
            privateDns: { timeScale, ...options.emulator.throttle?.privateDns },
          },
        })
      : undefined);
  const outcomes =
    emulator && options.settings.AUTOPILOT_OUTCOME_TOPIC_ENDPOINT === undefined
      ? await startOutcomeReceiver({
          onEvent: (event) => timeline(timelineLine(new Date(), 'outcome-events', routedLine(event))),
        })
      : undefined;
  const settings: Record<string, string> = {
    ...options.settings,
    ...(emulator
      ? { AUTOPILOT_ARM_ENDPOINT: emulator.armEndpoint, AUTOPILOT_EMULATOR_CA_FILE: emulator.caCertPath }
      : {}),
    ...(outcomes ? { AUTOPILOT_OUTCOME_TOPIC_ENDPOINT: outcomes.endpoint } : {}),
  };
  Object.assign(process.env, settings);

  const functionKey = options.functionKey ?? randomBytes(24).toString('base64url');
  const late: { runtime?: DurableRuntime } = {};
  const server: HostServer = await startHostServer({
    runtime: () => {
      if (!late.runtime) throw new Error('the durable runtime is still starting');
      return late.runtime;
    },
    registrations: options.registrations,
    functionKey,
    ...(options.port === undefined ? {} : { port: options.port }),
    onRequest: (entry) => {
      if (!entry.path.startsWith('/runtime/webhooks/durabletask'))
        timeline(
          timelineLine(
            new Date(),
            'host',
            `${entry.method} ${entry.path}${entry.function ? ` → ${entry.function}` : ''} ${entry.status}`,
          ),
        );
    },
  });
  const clockAnchorMs = options.clockAnchorMs ?? Date.now();
  const started = await DurableRuntime.start({
    registrations: options.registrations,
    storeDir: options.stateDir,
    clock: (options.timeScale ?? 1) === 1 ? realClock : scaledClock(options.timeScale as number, clockAnchorMs),
    taskHubName: settingValue('AUTOPILOT_TASK_HUB', settings),
    webhookOrigin: server.url,
    webhookKey: functionKey,
    onHistory: (event) => {
      options.onHistory?.(event);
      const line = historyLine(event);
      if (line) timeline(line);
    },
    onLog: (entry) => {
      options.onLog?.(entry);
      timeline(logLine(entry));
    },
  });
  late.runtime = started;

  const timers: TimerHandle[] =
    options.timers === false
      ? []
      : options.registrations
          .filter((r) => r.triggerType === 'timerTrigger')
          .map((r) =>
            scheduleTimer(
              r,
              process.env,
              async (registration) => void (await invokeLogged(registration.name, timerInput())),
            ),
          );

  if (emulator)
    await emulator.events.subscribe(
      `${server.url}/runtime/webhooks/eventgrid?functionName=${EVENT_GRID_FUNCTION}&code=${encodeURIComponent(functionKey)}`,
    );

  async function invokeLogged(name: string, input: unknown): Promise<unknown> {
    try {
      return await started.invoke(name, input);
    } catch (error) {
      timeline(timelineLine(new Date(), name, `FAILED: ${error instanceof Error ? error.message : String(error)}`));
      throw error;
    }
  }

  return {
    hostUrl: server.url,
    functionKey,
    ...(emulator ? { emulator } : {}),
    ...(outcomes ? { outcomes } : {}),
    runtime: started,
    clockAnchorMs,
    timeScale: options.timeScale ?? 1,
    invoke: (name, input) => invokeLogged(name, input ?? timerInput()),
    async close(closing = {}) {
      for (const timer of timers) timer.stop();
      if (emulator && !closing.crashed)
        emulator.events.unsubscribe(
          `${server.url}/runtime/webhooks/eventgrid?functionName=${EVENT_GRID_FUNCTION}&code=${encodeURIComponent(functionKey)}`,
        );
      await server.close({ abrupt: closing.crashed === true });
      await started.close();
      await outcomes?.close();
      if (emulator && !options.runningEmulator) await emulator.close();
    },
  };
}

function timerInput(): unknown {
  return { isPastDue: false, schedule: { adjustForDST: true } };
}
