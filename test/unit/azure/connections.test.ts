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

describe('outcomeWithoutWrite for a decision made for a Pending connection', () => {
  it.each([
    ['Pending', 'Approved', true, undefined],
    ['Pending', 'Rejected', false, undefined],
    ['Approved', 'Approved', true, 'unchanged'],
    ['Approved', 'Rejected', true, 'changed-meanwhile'],
    ['Approved', 'Rejected', false, 'changed-meanwhile'],
    ['Rejected', 'Approved', false, 'changed-meanwhile'],
    ['Rejected', 'Approved', true, 'changed-meanwhile'],
    ['Disconnected', 'Approved', true, 'disconnected'],
  ] as const)('%s wanted %s (rejection final: %s) → %s', (status, wanted, final, expected) => {
    expect(outcomeWithoutWrite(status, wanted, final, 'Pending')).toBe(expected);
  });
});
