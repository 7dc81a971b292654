/** Timer triggers on their NCRONTAB schedule (six fields, seconds first; `%SETTING%` resolved from the environment). */
import { CronExpressionParser } from 'cron-parser';
import type { Registration } from './durable';

export interface TimerHandle {
  name: string;
  schedule: string;
  next?: Date;
  stop(): void;
}

export function resolveSchedule(schedule: string, env: NodeJS.ProcessEnv): string {
  return schedule.replace(/%([A-Za-z0-9_]+)%/g, (_, name: string) => {
    const value = env[name];
    if (!value) throw new Error(`timer schedule ${schedule}: app setting ${name} is not set`);
    return value;
  });
}

export function scheduleTimer(
  registration: Registration,
  env: NodeJS.ProcessEnv,
  fire: (registration: Registration) => Promise<void>,
): TimerHandle {
  const raw = registration.options.schedule;
  if (typeof raw !== 'string') throw new Error(`timer ${registration.name}: no schedule`);
  const schedule = resolveSchedule(raw, env);
  const expression = CronExpressionParser.parse(schedule);
  let handle: NodeJS.Timeout | undefined;
  const timer: TimerHandle = {
    name: registration.name,
    schedule,
    stop: () => clearTimeout(handle),
  };
  const arm = (next: Date = expression.next().toDate()): void => {
    timer.next = next;
    // setTimeout holds at most ~24.8 days; a farther run is waited for in steps.
    const wait = Math.min(next.getTime() - Date.now(), 2 ** 31 - 1);
    handle = setTimeout(
      () => (Date.now() >= next.getTime() - 5 ? void fire(registration).finally(() => arm()) : arm(next)),
      Math.max(0, wait),
    );
    handle.unref();
  };
  arm();
  return timer;
}
