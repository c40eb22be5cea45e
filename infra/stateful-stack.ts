/**
 * Stateful resources: the three DynamoDB tables, the KMS keys and the staff notification topic. They live apart from the
 * functions so the stateless stack can be torn down and redeployed freely, and everything here is
 * RETAINed — a deleted table or key would destroy reports, or make retained ones unreadable.
 */
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  type ITable,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { type TableKey, tableDefinitions } from '../shared/db/keys.ts';

/** What the stateless stack needs from this one. */
export interface StatefulResources {
  readonly tables: Readonly<Record<TableKey, ITable>>;
  /** Wraps the data keys that seal reporter identities (SPEC §6). */
  readonly identityKey: IKey;
  /** Encrypts the tables at rest. */
  readonly tableKey: IKey;
  /** Staff notifications (new assignments, triage, reminders, escalations); SMS replies later. */
  readonly staffTopic: ITopic;
  /** Encrypts the notification topics. */
  readonly notifyKey: IKey;
}

export class StatefulStack extends Stack implements StatefulResources {
  readonly tables: Readonly<Record<TableKey, Table>>;
  readonly identityKey: Key;
  readonly tableKey: Key;
  readonly notifyKey: Key;
  readonly staffTopic: Topic;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.identityKey = new Key(this, 'IdentityKey', {
      description: 'Chuishao: envelope encryption of reporter identities and idempotent-intake access keys',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.tableKey = new Key(this, 'TableKey', {
      description: 'Chuishao: DynamoDB encryption at rest',
      enableKeyRotation: true,
      // Retained tables stay encrypted with this key; deleting it would make them unreadable.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.notifyKey = new Key(this, 'NotifyKey', {
      description: 'Chuishao: encryption of staff notification topics',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Subscribers filter on the `jurisdiction` / `county` message attributes, so each township's
    // officers receive only their township's notifications.
    this.staffTopic = new Topic(this, 'StaffTopic', {
      displayName: 'Chuishao staff notifications',
      masterKey: this.notifyKey,
      enforceSSL: true,
    });
    this.staffTopic.applyRemovalPolicy(RemovalPolicy.RETAIN);

    const build = (key: TableKey): Table => {
      const def = tableDefinitions[key];
      const table = new Table(this, def.id, {
        partitionKey: { name: def.partitionKey, type: AttributeType.STRING },
        sortKey: { name: def.sortKey, type: AttributeType.STRING },
        billingMode: BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: this.tableKey,
        timeToLiveAttribute: def.ttlAttribute,
        stream: def.stream ? StreamViewType.NEW_AND_OLD_IMAGES : undefined,
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      for (const index of def.indexes) {
        table.addGlobalSecondaryIndex({
          indexName: index.name,
          partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
          sortKey: { name: index.sortKey, type: AttributeType.STRING },
          projectionType: ProjectionType.ALL,
        });
      }
      return table;
    };
    this.tables = { cases: build('cases'), identity: build('identity'), directory: build('directory') };
  }
}
