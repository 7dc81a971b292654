import { isRestError } from '@azure/core-rest-pipeline';
import { parseJson } from '../core/json-text';
import type { ClassifiedError } from '../engine/ports';

export type { ClassifiedError } from '../engine/ports';

/** An attempt that got no answer within `ArmTarget.requestTimeoutMs`: transient, like a reset connection. */
export const REQUEST_TIMEOUT_CODE = 'RequestTimeout';
/** The run's deadline passed: the request was aborted or never sent. Not transient: the run is over. */
export const RUN_DEADLINE_CODE = 'RunDeadlineExceeded';

/** Network answers these while another operation holds the resource; both clear on their own. */
export const ANOTHER_OPERATION_CODES: readonly string[] = [
  'AnotherOperationInProgress',
  'RetryableErrorDueToAnotherOperation',
];

const SYSTEM_ERROR_CODES: readonly string[] = [
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'REQUEST_SEND_ERROR',
];

/** core-lro's wording for an operation that ended Failed: "The long-running operation has failed. CODE. message". */
const FAILED_LRO = /^The long-running operation has failed\.\s*([^.\s]+)\.\s*([\s\S]*)$/;

export function classifyArmError(error: unknown): ClassifiedError {
  if (isRestError(error)) {
    const status = error.statusCode ?? error.response?.status;
    const body = armErrorBody(error.details) ?? armErrorBody(parseJsonText(error.response?.bodyAsText));
    const code = body?.code ?? error.code ?? (status === undefined ? 'REQUEST_SEND_ERROR' : `HTTP${status}`);
    const message = body?.message ?? error.message;
    const retryAfterSeconds = retryAfterOf(error.response?.headers.get('retry-after'));
    return {
      transient: isTransient(status, code),
      ...(status === undefined ? {} : { status }),
      code,
      message,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    };
  }
  if (error instanceof Error) {
    const failed = FAILED_LRO.exec(error.message);
    if (failed)
      return { transient: false, code: failed[1] as string, message: (failed[2] as string).trim() || error.message };
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && SYSTEM_ERROR_CODES.includes(code))
      return { transient: true, code, message: error.message };
    if (error.name === 'AbortError') return { transient: false, code: 'Aborted', message: error.message };
    return { transient: false, code: typeof code === 'string' ? code : error.name, message: error.message };
  }
  return { transient: false, code: 'Unknown', message: String(error) };
}

export function isTransient(status: number | undefined, code: string): boolean {
  if (status === undefined) return SYSTEM_ERROR_CODES.includes(code) || code === REQUEST_TIMEOUT_CODE;
  if (status === 429 || status === 408) return true;
  if (status === 409) return ANOTHER_OPERATION_CODES.includes(code);
  return status >= 500 && status !== 501 && status !== 505;
}

/** ARM's `{ "error": { "code", "message" } }`, also accepted without the wrapper (as core-client's `details` holds it). */
export function armErrorBody(value: unknown): { code?: string; message?: string } | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  const inner =
    record.error !== null && typeof record.error === 'object' ? (record.error as Record<string, unknown>) : record;
  const code = typeof inner.code === 'string' && inner.code.length > 0 ? inner.code : undefined;
  const message = typeof inner.message === 'string' && inner.message.length > 0 ? inner.message : undefined;
  if (code === undefined && message === undefined) return undefined;
  return { ...(code === undefined ? {} : { code }), ...(message === undefined ? {} : { message }) };
}

/** A response body as JSON, or undefined when it is empty or not JSON (error pages from proxies). */
export function parseJsonText(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return parseJson(text);
  } catch {
    return undefined;
  }
}

function retryAfterOf(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
