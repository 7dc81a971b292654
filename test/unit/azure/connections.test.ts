import { describe, expect, it } from 'vitest';
import { outcomeWithoutWrite } from '../../../src/azure/connections';

describe('outcomeWithoutWrite', () => {
  it.each([
    ['Pending', 'Approved', true, undefined],
    ['Pending', 'Rejected', true, undefined],
    ['Approved', 'Approved', true, 'unchanged'],
    ['approved', 'Approved', true, 'unchanged'],
    ['Rejected', 'Rejected', true, 'unchanged'],
    ['Approved', 'Rejected', true, undefined],
    ['Rejected', 'Approved', true, 'cannot-approve-rejected'],
    ['Rejected', 'Approved', false, undefined],
    ['Disconnected', 'Approved', true, 'disconnected'],
    ['Disconnected', 'Rejected', false, 'disconnected'],
  ] as const)('%s wanted %s (rejection final: %s) → %s', (status, wanted, final, expected) => {
    expect(outcomeWithoutWrite(status, wanted, final)).toBe(expected);
  });
});
