/**
 * A delivery that holds no event (`[]`, `{}`, an empty body) is refused like every other bad delivery: exactly one log
 * line saying it holds no event, and nothing started, through each trigger that takes events: the Event Grid trigger
 * (handed what the host hands it), the Storage queue trigger (a message as text, or as JSON the host already parsed)
 * and the Event Grid webhook of the local host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quiet, startTestHost, type TestHost } from './support';

let t: TestHost;
beforeAll(async () => {
  t = await startTestHost({ emulator: { scenario: 'seed-cosmos', lro: { msBeforeDone: 100 } } });
});
afterAll(async () => t.close());

/** Runs `deliver`, then returns the log lines it caused and how many orchestrations it started. */
async function outcome(deliver: () => Promise<unknown>): Promise<{ lines: string[]; started: number }> {
  const instancesBefore = t.host.runtime.listInstances().length;
  const logsBefore = t.logs.length;
  await deliver();
  await quiet(t.host);
  return {
    lines: t.logs.slice(logsBefore),
    started: t.host.runtime.listInstances().length - instancesBefore,
  };
}

const NO_EVENT = /rejected: .*holds no event/;

describe('a delivery that holds no event', () => {
  it.each<[string, unknown, RegExp]>([
    ['[]', [], /got \[\] \(holds no event\)/],
    ['{}', {}, /got \{\} \(holds no event\)/],
    ['an empty string', '', /got an empty body \(holds no event\)/],
    ['null', null, /got an empty body \(holds no event\)/],
    ['nothing', undefined, /got an empty body \(holds no event\)/],
  ])('handed to the Event Grid trigger as %s: one line saying so, nothing started', async (_, event, says) => {
    const { lines, started } = await outcome(() => t.host.runtime.invoke('resourceEvents', event));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^resourceEvents \w+: event rejected: event\[0\]: expected an event object, got /);
    expect(lines[0]).toMatch(says);
    expect(started).toBe(0);
  });

  it.each<[string, unknown, RegExp]>([
    ['the text []', '[]', /^delivery rejected: delivery: .*got \[\] \(holds no event\)/],
    ['the text {}', '{}', /^event rejected: event\[0\]: .*got \{\} \(holds no event\)/],
    ['an empty text', '', /^event rejected: event\[0\]: .*got an empty body \(holds no event\)/],
    ['blank text', ' \n', /^event rejected: event\[0\]: .*got an empty body \(holds no event\)/],
    ['[] as parsed JSON', [], /^delivery rejected: delivery: .*got \[\] \(holds no event\)/],
    ['{} as parsed JSON', {}, /^event rejected: event\[0\]: .*got \{\} \(holds no event\)/],
    ['the text [{}]', '[{}]', /^event rejected: event\[0\]: .*got \{\} \(holds no event\)/],
  ])('a queue message of %s: one line saying so, nothing started', async (_, message, says) => {
    const { lines, started } = await outcome(() => t.host.runtime.invoke('resourceEventsQueue', message));
    expect(lines).toHaveLength(1);
    expect(lines[0]?.replace(/^resourceEventsQueue \w+: /, '')).toMatch(says);
    expect(started).toBe(0);
  });

  it.each([
    ['[]', '[]'],
    ['{}', '{}'],
    ['[{}]', '[{}]'],
    ['an empty body', ''],
  ])('posted to the Event Grid webhook as %s: one line saying so, nothing started', async (_, body) => {
    const { lines, started } = await outcome(async () => {
      const response = await fetch(
        `${t.host.hostUrl}/runtime/webhooks/eventgrid?functionName=resourceEvents&code=${encodeURIComponent(t.host.functionKey)}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification' },
          body,
        },
      );
      await response.arrayBuffer();
      expect(response.status).toBe(200);
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^resourceEvents \w+: /);
    expect(lines[0]).toMatch(NO_EVENT);
    expect(started).toBe(0);
  });
});
