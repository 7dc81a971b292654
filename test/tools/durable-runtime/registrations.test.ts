import { createRequire } from 'node:module';
import * as path from 'node:path';
import { app, HttpRequest, HttpResponse } from '@azure/functions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  captureRegistrations,
  DurableRuntime,
  isDurableClientInput,
  Registration,
  scaledClock,
} from '../../../tools/local-host/durable';
import { tempDir } from './support';

const fixture = path.join(__dirname, 'fixtures', 'compiled-app.cjs');
// Node caches required modules: an app can be captured once per process.
let captured: Registration[] | undefined;
const capture = () => (captured ??= captureRegistrations(() => createRequire(fixture)(fixture)));
let runtime: DurableRuntime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

describe('captureRegistrations', () => {
  it('records every registration of a compiled CommonJS app and restores @azure/functions afterwards', () => {
    const originalHttp = app.http;
    const warn = vi.spyOn(console, 'warn');
    const registrations = capture();
    expect(app.http).toBe(originalHttp);
    expect(warn).not.toHaveBeenCalled(); // nothing reached the library's "test mode" registration path
    warn.mockRestore();

    const byName = new Map(registrations.map((r) => [r.name, r]));
    const summary = (r: Registration | undefined) =>
      r && {
        type: r.triggerType,
        ...pick(r.options, ['route', 'methods', 'authLevel', 'schedule', 'queueName', 'connection']),
      };
    expect(summary(byName.get('CompiledOrchestrator'))).toEqual({ type: 'orchestrationTrigger' });
    expect(summary(byName.get('CompiledIncrement'))).toEqual({ type: 'activityTrigger' });
    expect(summary(byName.get('CompiledStart'))).toEqual({
      type: 'httpTrigger',
      route: 'start/{name}',
      methods: ['POST'],
      authLevel: 'anonymous',
    });
    expect(summary(byName.get('Health'))).toEqual({
      type: 'httpTrigger',
      route: 'health',
      methods: ['GET'],
      authLevel: 'function',
    });
    expect(summary(byName.get('PlainTimer'))).toEqual({ type: 'timerTrigger', schedule: '0 */5 * * * *' });
    expect(summary(byName.get('PlainQueue'))).toEqual({
      type: 'queueTrigger',
      queueName: 'work',
      connection: 'AzureWebJobsStorage',
    });
    expect(summary(byName.get('PlainServiceBus'))).toEqual({
      type: 'serviceBusTrigger',
      queueName: 'sbq',
      connection: 'ServiceBus',
    });
    expect(summary(byName.get('PlainEventGrid'))).toEqual({ type: 'eventGridTrigger' });
    expect(byName.get('CompiledStart')!.options.extraInputs.some(isDurableClientInput)).toBe(true);
    expect(byName.get('Health')!.options.return).toMatchObject({ type: 'http' });
  });

  it('runs the captured compiled app end to end', async () => {
    expect(() => captureRegistrations(() => createRequire(fixture)(fixture))).toThrow(/No function was registered/);
    const registrations = capture();
    runtime = await DurableRuntime.start({ registrations, storeDir: tempDir(), clock: scaledClock(10_000) });
    const request = new HttpRequest({
      method: 'POST',
      url: `${runtime.baseUrl}/api/start/CompiledOrchestrator`,
      params: { name: 'CompiledOrchestrator' },
    });
    const response = (await runtime.invoke('CompiledStart', request)) as HttpResponse;
    const { id } = (await response.json()) as { id: string };
    expect((await runtime.waitForCompletion(id, 5_000)).output).toEqual({ next: 42 });
  });
});

function pick(o: object, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => keys.includes(k) && v !== undefined));
}
