/** HTTP plumbing for the function app's routes: JSON answers, and problems that name the field and what was expected. */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { InputError } from '../core/input';
import { loggable } from '../core/log-text';
import { OutOfScopeError } from '../core/scope';
import { SettingsError } from '../core/settings';

export function json(status: number, body: unknown): HttpResponseInit {
  return { status, jsonBody: body, headers: { 'content-type': 'application/json; charset=utf-8' } };
}

/** The request body as JSON, or an InputError (400) that says what was wrong with it. */
export async function jsonBody(request: HttpRequest, maxBytes = 64 * 1024): Promise<unknown> {
  const text = await request.text();
  if (Buffer.byteLength(text, 'utf8') > maxBytes)
    throw new InputError('body', '', `at most ${maxBytes} bytes of JSON`, `${Buffer.byteLength(text, 'utf8')} bytes`);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InputError(
      'body',
      '',
      `JSON (${error instanceof Error ? error.message : 'unparsable'})`,
      text.slice(0, 80),
    );
  }
}

/** The query string as a plain record (repeated keys refused: which one would count?). */
export function queryRecord(request: HttpRequest): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const key of new Set(request.query.keys())) {
    if (key === 'code') continue; // the function key, checked by the host
    const values = request.query.getAll(key);
    if (values.length > 1) throw new InputError('query', key, 'one value', values);
    record[key] = values[0];
  }
  return record;
}

/**
 * Known failures become answers, each logged with its reason: 400 for bad input (naming the field), 403 for anything
 * outside the scope (decided before any ARM call), 503 while the app's settings are invalid. Anything else is the
 * host's 500.
 */
export async function answering(
  work: () => Promise<HttpResponseInit>,
  log: (line: string) => void,
): Promise<HttpResponseInit> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InputError) return refused(log, 400, { error: 'BadRequest', message: error.message });
    if (error instanceof OutOfScopeError) return refused(log, 403, { error: 'OutOfScope', message: error.message });
    if (error instanceof SettingsError) {
      return refused(log, 503, {
        error: 'InvalidSettings',
        message: 'the function app is not configured correctly; see GET /api/health',
        problems: error.problems,
      });
    }
    throw error;
  }
}

function refused(
  log: (line: string) => void,
  status: number,
  body: { error: string; message: string; problems?: string[] },
): HttpResponseInit {
  log(loggable(`refused (${status}): ${body.message}${body.problems ? ` (${body.problems.join('; ')})` : ''}`));
  return json(status, body);
}
