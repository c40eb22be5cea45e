/**
 * `npm start`'s stand-in for the stream → Lambda trigger: reads DynamoDB Local's stream of the
 * cases table and feeds the same handler. A failed record is retried from that point on the next
 * poll, as Lambda would, so a notifier outage delays notifications and loses none.
 */

import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { caseChangesOf, type StreamRecord } from '#functions/stream/records.ts';
import type { Logger } from '#shared/log.ts';
import { type CaseChangeDeps, handleCaseChanges } from '#shared/services/case-changes.ts';

export interface StreamPoller {
  /** Processes everything available now (tests call this instead of waiting for the timer). */
  drain(): Promise<number>;
  stop(): void;
}

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

  /**
   * Per shard: the iterator to read next, the sequence number to resume at after a failed record,
   * and the last one handled (to pick up again when DynamoDB Local refuses an iterator).
   */
  const shards = new Map<string, { iterator?: string; retryFrom?: string; lastHandled?: string }>();
  const iteratorAt = async (
    shardId: string,
    at: { type: 'TRIM_HORIZON' } | { type: 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER'; seq: string },
  ) =>
    (
      await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ShardIteratorType: at.type,
          ...('seq' in at ? { SequenceNumber: at.seq } : {}),
        }),
      )
    ).ShardIterator;
  let busy: Promise<number> | null = null;

  const discover = async () => {
    const out = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of out.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || shards.has(shard.ShardId)) continue;
      shards.set(shard.ShardId, { iterator: await iteratorAt(shard.ShardId, { type: 'TRIM_HORIZON' }) });
    }
  };

  const pollOnce = async (): Promise<number> => {
    await discover();
    let handled = 0;
    for (const [shardId, state] of shards) {
      if (state.retryFrom) {
        state.iterator = await iteratorAt(shardId, { type: 'AT_SEQUENCE_NUMBER', seq: state.retryFrom });
        state.retryFrom = undefined;
      }
      while (state.iterator) {
        let out: GetRecordsCommandOutput;
        try {
          out = await streams.send(new GetRecordsCommand({ ShardIterator: state.iterator }));
        } catch (err) {
          // DynamoDB Local refuses an iterator taken on an empty shard once records arrive
          // (TrimmedDataAccessException), and any iterator after 15 minutes: take a fresh one
          // after the last record handled, or from the start when none was.
          const name = (err as { name?: string }).name;
          if (name !== 'TrimmedDataAccessException' && name !== 'ExpiredIteratorException') throw err;
          state.iterator = await iteratorAt(
            shardId,
            state.lastHandled
              ? { type: 'AFTER_SEQUENCE_NUMBER', seq: state.lastHandled }
              : { type: 'TRIM_HORIZON' },
          );
          continue;
        }
        const records = out.Records ?? [];
        // The same filter Lambda applies at the source in AWS (functions/stream/records.ts).
        const changes = caseChangesOf(records as StreamRecord[]);
        const failed = await handleCaseChanges(opts.deps, changes);
        handled += changes.length - failed.length;
        const lastOk = failed.length
          ? changes[changes.length - failed.length - 1]?.id
          : records[records.length - 1]?.dynamodb?.SequenceNumber;
        if (lastOk) state.lastHandled = lastOk;
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
