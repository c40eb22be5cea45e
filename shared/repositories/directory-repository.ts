/**
 * The division directory (统计用区划代码): province 2, city 4, county 6, township 9, village 12
 * digits. A code's parent is its prefix, so any place is one GetItem away.
 */
import {
  BatchWriteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { translateDynamoError } from '../db/client.ts';
import { PK, placeChildrenPk, placeKey, SK, seedMarkerKey, type TableNames } from '../db/keys.ts';
import { parentCode, placeLevel } from '../domain/division-code.ts';
import type { Place, PlaceLevel } from '../domain/place.ts';

/** Directory data changes a few times a year; a warm function keeps what it has read for 10 minutes. */
const CACHE_MS = 10 * 60_000;

export class DirectoryRepository {
  private cache = new Map<string, { at: number; value: unknown }>();

  constructor(
    private readonly db: DynamoDBClient,
    private readonly tables: TableNames,
    private readonly clock: () => number = Date.now,
  ) {}

  private async cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.cache.get(key);
    const now = this.clock();
    if (hit && now - hit.at < CACHE_MS) return hit.value as T;
    const value = await load();
    this.cache.set(key, { at: now, value });
    return value;
  }

  get(code: string): Promise<Place | null> {
    return this.cached(`get:${code}`, async () => {
      if (!placeLevel(code)) return null;
      try {
        const out = await this.db.send(
          new GetItemCommand({
            TableName: this.tables.directory,
            Key: marshall(placeKey(parentCode(code), code)),
          }),
        );
        return out.Item ? toPlace(unmarshall(out.Item)) : null;
      } catch (err) {
        throw translateDynamoError(err, 'read place');
      }
    });
  }

  children(parent: string): Promise<Place[]> {
    return this.cached(`children:${parent}`, async () => {
      const places: Place[] = [];
      let startKey: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
      try {
        do {
          const out = await this.db.send(
            new QueryCommand({
              TableName: this.tables.directory,
              KeyConditionExpression: '#pk = :pk',
              ExpressionAttributeNames: { '#pk': PK },
              ExpressionAttributeValues: marshall({ ':pk': placeChildrenPk(parent) }),
              ExclusiveStartKey: startKey,
            }),
          );
          for (const item of out.Items ?? []) places.push(toPlace(unmarshall(item)));
          startKey = out.LastEvaluatedKey;
        } while (startKey);
        return places;
      } catch (err) {
        throw translateDynamoError(err, 'list places');
      }
    });
  }

  /** Hash of the seed file last loaded under `name`, so unchanged seeds are not reloaded. */
  async seedMarker(name: string): Promise<string | null> {
    const out = await this.db.send(
      new GetItemCommand({
        TableName: this.tables.directory,
        Key: marshall(seedMarkerKey(name)),
        ConsistentRead: true,
      }),
    );
    return out.Item ? (unmarshall(out.Item).hash as string) : null;
  }

  async putSeedMarker(name: string, hash: string, at: string): Promise<void> {
    await this.db.send(
      new PutItemCommand({
        TableName: this.tables.directory,
        Item: marshall({ ...seedMarkerKey(name), hash, at }),
      }),
    );
  }

  /** Idempotent bulk load (a re-run overwrites the same keys). Retries unprocessed items. */
  async putMany(places: Place[]): Promise<void> {
    for (let i = 0; i < places.length; i += 25) {
      let requests = places.slice(i, i + 25).map((p) => ({
        PutRequest: { Item: marshall({ ...placeKey(p.parentCode, p.code), ...p }) },
      }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 8) throw new Error('directory load: items left unprocessed');
        const out = await this.db.send(
          new BatchWriteItemCommand({ RequestItems: { [this.tables.directory]: requests } }),
        );
        requests = (out.UnprocessedItems?.[this.tables.directory] ?? []) as typeof requests;
        if (requests.length) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
  }
}

function toPlace(item: Record<string, unknown>): Place {
  return {
    code: item[SK] as string,
    name: item.name as string,
    level: item.level as PlaceLevel,
    parentCode: item.parentCode as string,
  };
}
