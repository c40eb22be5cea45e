/**
 * Village safety coordinators' items in the cases table (shared/db/keys.ts patterns 47–48): the
 * patrol reports each filed and the re-check tasks (复查) of their village. Apart from the case
 * repository because a coordinator reads only these, never a case.
 */
import type { DynamoDBClient, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { getItem, translateDynamoError } from '../db/client.ts';
import { coordinatorReportsPk, PK, recheckTaskKey, recheckTasksPk, SK, type TableNames } from '../db/keys.ts';
import type { RecheckFacts } from '../domain/lifecycle/facts.ts';

/** A re-check task (复查) as the village coordinator sees it: nothing of the report. */
export interface RecheckTask extends RecheckFacts {
  taskId: string;
  caseNumber: string;
  townshipCode: string;
}

/** Village safety coordinators' items: their own reports and the re-check tasks of their village. */
export class CoordinatorItems {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tables: TableNames,
  ) {}

  /** The write of a re-check task, for the transaction of the case event that changes it. */
  taskPut(task: RecheckTask): TransactWriteItem {
    return {
      Put: {
        TableName: this.tables.cases,
        Item: marshall(
          { ...recheckTaskKey(task.villageCode, task.taskId), ...task },
          { removeUndefinedValues: true },
        ),
      },
    };
  }

  async task(villageCode: string, taskId: string): Promise<RecheckTask | null> {
    const item = await getItem(
      this.db,
      this.tables.cases,
      recheckTaskKey(villageCode, taskId),
      'read re-check',
    );
    if (!item) return null;
    const { [PK]: _p, [SK]: _s, ...task } = item;
    return task as unknown as RecheckTask;
  }

  /** A village's re-check tasks (in task-id order; callers sort by when they were asked for). */
  tasks(villageCode: string, limit: number, cursor?: string) {
    return this.page<RecheckTask>(recheckTasksPk(villageCode), limit, cursor);
  }

  /** The case numbers a coordinator filed, newest first. */
  reports(staffId: string, limit: number, cursor?: string) {
    return this.page<{ caseNumber: string; createdAt: string }>(coordinatorReportsPk(staffId), limit, cursor);
  }

  private async page<T>(
    pk: string,
    limit: number,
    cursor?: string,
  ): Promise<{ items: T[]; cursor?: string }> {
    try {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tables.cases,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': PK },
          ExpressionAttributeValues: marshall({ ':pk': pk }),
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: cursor ? marshall({ [PK]: pk, [SK]: cursor }) : undefined,
        }),
      );
      const items = (out.Items ?? []).map((i) => {
        const { [PK]: _p, [SK]: _s, ...rest } = unmarshall(i);
        return rest as T;
      });
      const last = out.LastEvaluatedKey ? (unmarshall(out.LastEvaluatedKey)[SK] as string) : undefined;
      return { items, ...(last ? { cursor: last } : {}) };
    } catch (err) {
      throw translateDynamoError(err, 'list coordinator items');
    }
  }
}
