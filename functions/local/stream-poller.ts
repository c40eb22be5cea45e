/**
 * `npm start`'s stand-in for the stream → Lambda trigger: reads DynamoDB Local's stream of the
 * cases table and feeds the same handler. A failed record is retried from that point on the next
 * poll, as Lambda would, so a notifier outage delays notifications and loses none.
 */

import { type AttributeValue, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Logger } from '#shared/log.ts';
import { type CaseChange, type CaseChangeDeps, handleCaseChanges } from '#shared/services/case-changes.ts';

export interface StreamPoller {
  /** Processes everything available now (tests call this instead of waiting for the timer). */
  drain(): Promise<number>;
  stop(): void;
}

const toChange = (r: _Record): CaseChange => ({
  id: r.dynamodb?.SequenceNumber ?? r.eventID ?? '',
  eventName: (r.eventName ?? 'MODIFY') as CaseChange['eventName'],
  newImage: r.dynamodb?.NewImage
    ? unmarshall(r.dynamodb.NewImage as Record<string, AttributeValue>)
    : undefined,
  oldImage: r.dynamodb?.OldImage
    ? unmarshall(r.dynamodb.OldImage as Record<string, AttributeValue>)
    : undefined,
});

export async function startStreamPoller(opts: {
  db: DynamoDBClient;
  endpoint: string;
  table: string;
  deps: CaseChangeDeps;
  logger: Logger;
  intervalMs?: number;
}): Promise<StreamPoller> {
  const streams = new DynamoDBStreamsClient({
    region: 'local',
    endpoint: opts.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const table = await opts.db.send(new DescribeTableCommand({ TableName: opts.table }));
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${opts.table} has no stream`);

  /** Per shard: the iterator to read next, or the sequence number to resume after a failure. */
  const shards = new Map<string, { iterator?: string; retryFrom?: string }>();
  let busy: Promise<number> | null = null;

  const discover = async () => {
    const out = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of out.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || shards.has(shard.ShardId)) continue;
      const it = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      shards.set(shard.ShardId, { iterator: it.ShardIterator });
    }
  };

  const pollOnce = async (): Promise<number> => {
    await discover();
    let handled = 0;
    for (const [shardId, state] of shards) {
      if (state.retryFrom) {
        const it = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shardId,
            ShardIteratorType: 'AT_SEQUENCE_NUMBER',
            SequenceNumber: state.retryFrom,
          }),
        );
        state.iterator = it.ShardIterator;
        state.retryFrom = undefined;
      }
      while (state.iterator) {
        const out = await streams.send(new GetRecordsCommand({ ShardIterator: state.iterator }));
        const records = out.Records ?? [];
        const changes = records.map(toChange);
        const failed = await handleCaseChanges(opts.deps, changes);
        handled += changes.length - failed.length;
        if (failed.length) {
          state.retryFrom = failed[0];
          opts.logger.warn('stream records failed; will retry', {
            component: 'stream',
            count: failed.length,
          });
          break;
        }
        state.iterator = out.NextShardIterator;
        if (records.length === 0) break;
      }
      if (!state.iterator && !state.retryFrom) shards.delete(shardId);
    }
    return handled;
  };

  const drain = () => {
    busy ??= pollOnce().finally(() => {
      busy = null;
    });
    return busy;
  };

  const timer = setInterval(() => {
    drain().catch(() => opts.logger.warn('stream poll failed', { component: 'stream' }));
  }, opts.intervalMs ?? 500);
  timer.unref();

  return {
    drain,
    stop: () => {
      clearInterval(timer);
      streams.destroy();
    },
  };
}
