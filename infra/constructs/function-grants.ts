/**
 * What each of the stateless stack's functions may do with the data, written out statement by
 * statement (no `grantReadWriteData`): the reporter-facing functions may write a sealed identity but
 * never read one back and may unwrap only idempotency data keys; the staff function cannot touch
 * the identity table or its key; the reveal function alone may open a sealed identity or claim.
 * None of them may Scan or Delete.
 */
import { Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  COUNTY_INDEX,
  caseKey,
  claimKey,
  idempotencyKey,
  identityKey,
  QUEUE_INDEX,
  TIME_INDEX,
} from '../../shared/db/keys.ts';
import type { StatefulResources } from '../stateful-stack.ts';
import { directoryRead, leadingKeys, tableKeyViaDynamoDb } from './grants.ts';
import type { HouseFunction } from './house-function.ts';

/**
 * The reveal function: read the case and append its audit events; read a sealed identity
 * (`IDENT#…`) or a sealed reward claim (`CLAIM#…`) and unwrap only those data keys (purposes
 * `identity`, `reward_claim`); list the paying officer's rewards on the queue index. Nothing else:
 * it cannot write identities, Scan, or touch idempotency records.
 */
export function grantRevealAccess(fn: HouseFunction, stateful: StatefulResources): void {
  const { cases, identity, directory } = stateful.tables;
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'CasesAudit',
      effect: Effect.ALLOW,
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
      resources: [cases.tableArn],
    }),
  );
  fn.addToRolePolicy(directoryRead(directory));
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'IdentityReadSealed',
      effect: Effect.ALLOW,
      actions: ['dynamodb:GetItem'],
      resources: [identity.tableArn],
      conditions: leadingKeys(identityKey, claimKey),
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'IdentityKeyDecryptIdentity',
      effect: Effect.ALLOW,
      actions: ['kms:Decrypt'],
      resources: [stateful.identityKey.keyArn],
      conditions: { StringEquals: { 'kms:EncryptionContext:purpose': ['identity', 'reward_claim'] } },
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'RewardQueueQuery',
      effect: Effect.ALLOW,
      actions: ['dynamodb:Query'],
      resources: [`${cases.tableArn}/index/${QUEUE_INDEX}`],
    }),
  );
  fn.addToRolePolicy(tableKeyViaDynamoDb(Stack.of(fn), stateful));
}

/**
 * The permissions of the reporter-facing intake / follow-up functions, one statement per purpose.
 *
 * - cases: read, create and update a case and its events; no Scan, no Delete. TransactWriteItems is
 *   authorised per contained action (Put / Update / ConditionCheck), so it needs no action of its own.
 * - directory: read only.
 * - identity: write a sealed identity (`IDENT#…`) or an idempotency record (`IDEM#…`); read back
 *   only idempotency records. A sealed identity is never readable by these functions.
 * - identity key: make data keys for identity or idempotency sealing; unwrap only idempotency ones,
 *   so a sealed identity cannot be opened even if its bytes leaked into a reachable place.
 * - table key: only as DynamoDB's encryption at rest, through DynamoDB itself.
 */
export function grantReporterAccess(fn: HouseFunction, stateful: StatefulResources): void {
  const { cases, identity, directory } = stateful.tables;
  const stack = Stack.of(fn);
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'CasesReadWrite',
      effect: Effect.ALLOW,
      actions: [
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:ConditionCheckItem',
      ],
      resources: [cases.tableArn],
    }),
  );
  fn.addToRolePolicy(directoryRead(directory));
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'IdentityWriteSealed',
      effect: Effect.ALLOW,
      actions: ['dynamodb:PutItem'],
      resources: [identity.tableArn],
      conditions: leadingKeys(identityKey, idempotencyKey),
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'IdentityReadIdempotencyOnly',
      effect: Effect.ALLOW,
      actions: ['dynamodb:GetItem'],
      resources: [identity.tableArn],
      conditions: leadingKeys(idempotencyKey),
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'IdentityKeyGenerate',
      effect: Effect.ALLOW,
      actions: ['kms:GenerateDataKey'],
      resources: [stateful.identityKey.keyArn],
      conditions: { StringEquals: { 'kms:EncryptionContext:purpose': ['identity', 'idempotency'] } },
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'IdentityKeyDecryptIdempotencyOnly',
      effect: Effect.ALLOW,
      actions: ['kms:Decrypt'],
      resources: [stateful.identityKey.keyArn],
      conditions: { StringEquals: { 'kms:EncryptionContext:purpose': 'idempotency' } },
    }),
  );
  fn.addToRolePolicy(tableKeyViaDynamoDb(stack, stateful));
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'ServerHmac',
      effect: Effect.ALLOW,
      actions: ['kms:GenerateMac'],
      resources: [stateful.serverHmacKey.keyArn],
    }),
  );
}

/**
 * The pages function (and the SMS functions, for claims by text) also takes reward claims: it
 * seals the payee into the identity table (`CLAIM#…` only, write-once) with data keys of purpose
 * `reward_claim`, and can unwrap none.
 */
export function grantClaimSealing(fn: HouseFunction, stateful: StatefulResources): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'ClaimWriteSealed',
      effect: Effect.ALLOW,
      actions: ['dynamodb:PutItem'],
      resources: [stateful.tables.identity.tableArn],
      conditions: leadingKeys(claimKey),
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'ClaimKeyGenerate',
      effect: Effect.ALLOW,
      actions: ['kms:GenerateDataKey'],
      resources: [stateful.identityKey.keyArn],
      conditions: { StringEquals: { 'kms:EncryptionContext:purpose': 'reward_claim' } },
    }),
  );
}

/**
 * The permissions of the staff function: the reporter-facing set (operators key in phone reports,
 * so it may write a sealed identity — never read one back, never unwrap an identity data key)
 * plus Query on the queue, county and time indexes for the queues, the archive and the inbox by
 * jurisdiction, and BatchGetItem of case items for a page of search results. Revealing an
 * identity is a separate, custodian-approved path, never this function.
 */
export function grantStaffAccess(fn: HouseFunction, stateful: StatefulResources): void {
  grantReporterAccess(fn, stateful);
  const { cases } = stateful.tables;
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'CaseIndexesQuery',
      effect: Effect.ALLOW,
      actions: ['dynamodb:Query'],
      resources: [
        `${cases.tableArn}/index/${QUEUE_INDEX}`,
        `${cases.tableArn}/index/${COUNTY_INDEX}`,
        `${cases.tableArn}/index/${TIME_INDEX}`,
      ],
    }),
  );
  // Search results: the cases of one page read in one BatchGetItem, case items only (CASE#…).
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'SearchResultsRead',
      effect: Effect.ALLOW,
      actions: ['dynamodb:BatchGetItem'],
      resources: [cases.tableArn],
      conditions: leadingKeys(caseKey),
    }),
  );
}
