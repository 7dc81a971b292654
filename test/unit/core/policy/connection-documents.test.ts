import { describe, expect, it } from 'vitest';
import { connectionsInDocument } from '../../../../src/core/policy';
import { readRestExample } from './fixtures';

const idsIn = (document: unknown) => connectionsInDocument(document).map((c) => (c as { id: string }).id);

describe('connectionsInDocument', () => {
  it('reads one connection', () => {
    expect(connectionsInDocument({ id: 'a', properties: {} })).toEqual([{ id: 'a', properties: {} }]);
  });

  it('reads an ARM list and a plain array', () => {
    expect(idsIn({ value: [{ id: 'a' }, { id: 'b' }], nextLink: null })).toEqual(['a', 'b']);
    expect(idsIn([{ id: 'a' }, { id: 'b' }])).toEqual(['a', 'b']);
  });

  it('reads the list inside a spec example', () => {
    const example = readRestExample(
      'network/privateLinkServices/PrivateLinkServiceListPrivateEndpointConnection.2025-03-01.json',
    );
    expect(idsIn(example).map((id) => id.split('/').pop())).toEqual(['testPlePeConnection1', 'testPlePeConnection2']);
  });

  it('takes one success response from a spec example whose 200 and 201 describe the same connection', () => {
    const example = readRestExample(
      'documentdb/mongoclusters/MongoClusters_PrivateEndpointConnectionPut.2024-07-01.json',
    );
    expect(idsIn(example)).toHaveLength(1);
  });

  it('ignores request bodies, which carry no ID, and bodyless or non-connection responses', () => {
    const example = {
      parameters: { parameters: { properties: { privateLinkServiceConnectionState: { status: 'Approved' } } } },
      responses: {
        '202': { body: { status: 'Enqueued' } },
        '201': { body: { id: 'created' } },
        '200': {},
        default: { body: { id: 'error' } },
      },
    };
    expect(idsIn(example)).toEqual(['created']);
  });

  it('finds nothing in a spec example without a success body', () => {
    expect(connectionsInDocument({ parameters: {}, responses: { '204': { headers: {} } } })).toEqual([]);
  });

  it('reads a connection that happens to have a "responses" property as a connection', () => {
    expect(idsIn({ id: 'a', responses: {} })).toEqual(['a']);
  });
});
