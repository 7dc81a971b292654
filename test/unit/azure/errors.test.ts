import { RestError } from '@azure/core-rest-pipeline';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyArmError, isTransient, type ClassifiedError } from '../../../src/azure/errors';
import { stubNetworkClient, type StubAnswer } from './sdk-stub';

const PE_PATH = '/subscriptions/subId/resourceGroups/rg1/providers/Microsoft.Network/privateEndpoints/testPe';

/** The error `@azure/arm-network` throws for this answer (retries off). */
async function sdkErrorFor(answer: StubAnswer): Promise<unknown> {
  const { client } = stubNetworkClient({ [PE_PATH]: answer });
  return client.privateEndpoints.get('rg1', 'testPe').then(
    () => {
      throw new Error('expected the SDK to throw');
    },
    (error: unknown) => error,
  );
}

function armError(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

const HTTP_CASES: Array<[string, StubAnswer, ClassifiedError]> = [
  [
    '429 with Retry-After',
    {
      status: 429,
      body: armError('SubscriptionRequestsThrottled', 'Number of read requests exceeded.'),
      headers: { 'retry-after': '7' },
    },
    {
      transient: true,
      status: 429,
      code: 'SubscriptionRequestsThrottled',
      message: 'Number of read requests exceeded.',
      retryAfterSeconds: 7,
    },
  ],
  [
    '429 RetryableErrorDueToAnotherOperation',
    { status: 429, body: armError('RetryableErrorDueToAnotherOperation', 'Operation on pe cannot start.') },
    {
      transient: true,
      status: 429,
      code: 'RetryableErrorDueToAnotherOperation',
      message: 'Operation on pe cannot start.',
    },
  ],
  [
    '409 AnotherOperationInProgress',
    {
      status: 409,
      body: armError('AnotherOperationInProgress', 'Another operation on this or dependent resource is in progress.'),
    },
    {
      transient: true,
      status: 409,
      code: 'AnotherOperationInProgress',
      message: 'Another operation on this or dependent resource is in progress.',
    },
  ],
  [
    'another 409',
    { status: 409, body: armError('InUseSubnetCannotBeDeleted', 'Subnet is in use.') },
    { transient: false, status: 409, code: 'InUseSubnetCannotBeDeleted', message: 'Subnet is in use.' },
  ],
  [
    '500',
    { status: 500, body: armError('InternalServerError', 'Oops.') },
    { transient: true, status: 500, code: 'InternalServerError', message: 'Oops.' },
  ],
  [
    '503',
    { status: 503, body: armError('ServiceUnavailable', 'Later.') },
    { transient: true, status: 503, code: 'ServiceUnavailable', message: 'Later.' },
  ],
  [
    '501',
    { status: 501, body: armError('NotImplemented', 'No.') },
    { transient: false, status: 501, code: 'NotImplemented', message: 'No.' },
  ],
  [
    '403',
    {
      status: 403,
      body: armError('AuthorizationFailed', "The client does not have authorization to perform action 'read'."),
    },
    {
      transient: false,
      status: 403,
      code: 'AuthorizationFailed',
      message: "The client does not have authorization to perform action 'read'.",
    },
  ],
  [
    '404 of a target',
    { status: 404, body: armError('ResourceNotFound', "The Resource 'testPe' was not found.") },
    { transient: false, status: 404, code: 'ResourceNotFound', message: "The Resource 'testPe' was not found." },
  ],
  [
    '400',
    { status: 400, body: armError('InvalidParameter', 'Bad subnet.') },
    { transient: false, status: 400, code: 'InvalidParameter', message: 'Bad subnet.' },
  ],
  [
    '412',
    { status: 412, body: armError('PreconditionFailed', 'The etag does not match.') },
    { transient: false, status: 412, code: 'PreconditionFailed', message: 'The etag does not match.' },
  ],
];

describe('classifyArmError', () => {
  it.each(HTTP_CASES)(
    'classifies %s as the SDK throws it, keeping the ARM code and message',
    async (_name, answer, expected) => {
      expect(classifyArmError(await sdkErrorFor(answer))).toEqual(expected);
    },
  );

  it('keeps a transient status when a proxy answers with HTML', async () => {
    const classified = classifyArmError(await sdkErrorFor({ status: 502, body: '<html>Bad Gateway</html>' }));
    expect(classified).toMatchObject({ transient: true, status: 502 });
  });

  it('treats connection resets and timeouts as transient', () => {
    const reset = new RestError('socket hang up', { code: 'ECONNRESET' });
    expect(classifyArmError(reset)).toEqual({ transient: true, code: 'ECONNRESET', message: 'socket hang up' });
    const timeout = Object.assign(new Error('connect ETIMEDOUT 1.2.3.4:443'), { code: 'ETIMEDOUT' });
    expect(classifyArmError(timeout)).toMatchObject({ transient: true, code: 'ETIMEDOUT' });
  });

  it("calls an attempt that timed out transient, and the run's deadline not", () => {
    const attempt = new RestError('GET /x: no answer within 60 s (AUTOPILOT_ARM_REQUEST_TIMEOUT_SECONDS)', {
      code: 'RequestTimeout',
    });
    expect(classifyArmError(attempt)).toEqual({ transient: true, code: 'RequestTimeout', message: attempt.message });
    const deadline = new RestError("GET /x: not sent, the run's deadline has passed (AUTOPILOT_RUN_DEADLINE_SECONDS)", {
      code: 'RunDeadlineExceeded',
    });
    expect(classifyArmError(deadline)).toEqual({
      transient: false,
      code: 'RunDeadlineExceeded',
      message: deadline.message,
    });
  });

  it('reads the code and message of a failed long-running operation', () => {
    const failed = new Error('The long-running operation has failed. PrivateEndpointCreationFailed. Subnet is full.');
    expect(classifyArmError(failed)).toEqual({
      transient: false,
      code: 'PrivateEndpointCreationFailed',
      message: 'Subnet is full.',
    });
  });

  it('never calls an abort, a programming error or a non-error transient', () => {
    const abort = Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
    expect(classifyArmError(abort)).toMatchObject({ transient: false, code: 'Aborted' });
    expect(classifyArmError(new TypeError('x is undefined'))).toMatchObject({ transient: false, code: 'TypeError' });
    expect(classifyArmError('boom')).toEqual({ transient: false, code: 'Unknown', message: 'boom' });
  });
});

describe('isTransient', () => {
  it('retries server errors except 501 and 505, throttling and timeouts; nothing else of 4xx but another operation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 400, max: 599 }),
        fc.constantFrom('AnotherOperationInProgress', 'Conflict', 'BadRequest', ''),
        (status, code) => {
          const expected =
            (status >= 500 && status !== 501 && status !== 505) ||
            status === 429 ||
            status === 408 ||
            (status === 409 && code === 'AnotherOperationInProgress');
          expect(isTransient(status, code)).toBe(expected);
        },
      ),
    );
  });
});
