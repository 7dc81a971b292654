import {
  isRestError,
  retryPolicy,
  type PipelinePolicy,
  type PipelineResponse,
  type RetryStrategy,
} from '@azure/core-rest-pipeline';
import { ANOTHER_OPERATION_CODES, armErrorBody, parseJsonText, REQUEST_TIMEOUT_CODE } from './errors';

export interface BackoffOptions {
  maxRetries: number;
  /** First delay; doubles per retry up to `maxRetryDelayInMs`, unless the answer says `Retry-After`. */
  retryDelayInMs: number;
  maxRetryDelayInMs: number;
}

/**
 * Retries of what the SDK's default policy does not retry, a bounded number of times. It retries 429 only with
 * `Retry-After`, and never 409: Network answers 409 `AnotherOperationInProgress` (and 429
 * `RetryableErrorDueToAnotherOperation`, sometimes without `Retry-After`) while another operation holds the resource,
 * which clears on its own. Nor does it retry an attempt that timed out (`attemptTimeoutPolicy`).
 */
export function extraRetryPolicy(options: BackoffOptions): PipelinePolicy {
  return retryPolicy([anotherOperationStrategy(options), timedOutAttemptStrategy(options)], {
    maxRetries: options.maxRetries,
  });
}

function timedOutAttemptStrategy(options: BackoffOptions): RetryStrategy {
  return {
    name: 'privatelinkAutopilotTimedOutAttempt',
    retry({ retryCount, responseError }) {
      if (!isRestError(responseError) || responseError.code !== REQUEST_TIMEOUT_CODE) return { skipStrategy: true };
      return { retryAfterInMs: backoffMs(options, retryCount) };
    },
  };
}

function backoffMs(options: BackoffOptions, retryCount: number): number {
  return Math.min(options.maxRetryDelayInMs, options.retryDelayInMs * 2 ** retryCount);
}

function anotherOperationStrategy(options: BackoffOptions): RetryStrategy {
  return {
    name: 'privatelinkAutopilotAnotherOperation',
    retry({ retryCount, response }) {
      if (!response || !isAnotherOperationAnswer(response)) return { skipStrategy: true };
      const retryAfterSeconds = Number(response.headers.get('retry-after') ?? Number.NaN);
      return {
        retryAfterInMs:
          Number.isFinite(retryAfterSeconds) && retryAfterSeconds >= 0
            ? retryAfterSeconds * 1000
            : backoffMs(options, retryCount),
      };
    },
  };
}

/** A 429 with `Retry-After` was already retried by the SDK's own policy, inside this one: not again. */
function isAnotherOperationAnswer(response: PipelineResponse): boolean {
  if (response.status !== 409 && !(response.status === 429 && !response.headers.has('retry-after'))) return false;
  const code = armErrorBody(parseJsonText(response.bodyAsText))?.code;
  return code !== undefined && ANOTHER_OPERATION_CODES.includes(code);
}
