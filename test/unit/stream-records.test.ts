import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { caseChangesOf, passesCaseStreamFilter, type StreamRecord } from '#functions/stream/records.ts';

const record = (eventName: string, pk: string, sk: string, seq: string): StreamRecord => ({
  eventName,
  dynamodb: {
    SequenceNumber: seq,
    Keys: marshall({ pk, sk }),
    NewImage: eventName === 'REMOVE' ? undefined : marshall({ pk, sk, status: 'assigned' }),
  },
});

describe('the cases stream filter (the same pattern Lambda applies at the source)', () => {
  it('passes writes of case items and nothing else', () => {
    expect(passesCaseStreamFilter(record('INSERT', 'CASE#20261206-000001', 'CASE', '1'))).toBe(true);
    expect(passesCaseStreamFilter(record('MODIFY', 'CASE#20261206-000001', 'REWARD', '2'))).toBe(true);
    expect(passesCaseStreamFilter(record('INSERT', 'CASE#20261206-000001', 'EVT#0001', '3'))).toBe(true);
    expect(passesCaseStreamFilter(record('REMOVE', 'CASE#20261206-000001', 'CASE', '4'))).toBe(false);
    for (const pk of [
      'THROTTLE#20261206-000001',
      'SESSION#abc',
      'NOTIFIED#x',
      'STATS',
      'PUBCOUNT#1',
      'OUTBOX',
    ])
      expect(passesCaseStreamFilter(record('INSERT', pk, 'X', '5')), pk).toBe(false);
  });

  it('decodes the records it passes, in stream order, with their sequence numbers', () => {
    const changes = caseChangesOf([
      record('INSERT', 'SESSION#abc', 'SESSION', '1'),
      record('INSERT', 'CASE#20261206-000001', 'CASE', '2'),
      record('MODIFY', 'CASE#20261206-000002', 'CASE', '3'),
    ]);
    expect(changes.map((c) => [c.id, c.eventName, c.newImage?.pk])).toEqual([
      ['2', 'INSERT', 'CASE#20261206-000001'],
      ['3', 'MODIFY', 'CASE#20261206-000002'],
    ]);
  });
});
