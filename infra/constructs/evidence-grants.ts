/**
 * Evidence in AWS: the sharp layer the file-taking functions need, and their permissions on the
 * evidence bucket — the intake functions (pages, JSON API, staff phone intake) may only put, the
 * staff function may also get, the retention sweep may only delete, each under `evidence/` only.
 * Sealing uses the identity key with purpose `evidence`: intake functions may make such data keys,
 * only the staff function may unwrap them.
 */

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerImage, Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, LayerVersion } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { EVIDENCE_BLOB_PREFIX } from '../../shared/db/keys.ts';
import type { StatefulResources } from '../stateful-stack.ts';
import { HOUSE_RUNTIME, type HouseFunction, REPO_ROOT } from './house-function.ts';

const SHARP_VERSION = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'sharp', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

/**
 * libvips (sharp) for Linux ARM64 as a layer, installed at synth from the npm registry with the
 * version the lock file has (its prebuilt binaries are registry packages; nothing is downloaded at
 * run time). The functions load it with `require` from /opt/nodejs/node_modules.
 */
export function sharpLayer(scope: Construct): LayerVersion {
  return new LayerVersion(scope, 'SharpLayer', {
    description: `sharp ${SHARP_VERSION} (libvips) for linux-arm64: evidence stripping and thumbnails`,
    compatibleArchitectures: [Architecture.ARM_64],
    compatibleRuntimes: [HOUSE_RUNTIME],
    code: Code.fromAsset(join(REPO_ROOT, 'infra', 'layers', 'sharp'), {
      assetHash: `sharp-${SHARP_VERSION}-linux-arm64`,
      bundling: {
        // Never Docker: the local npm installs the linux-arm64 packages (no image is pulled).
        image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24'),
        local: {
          tryBundle(outputDir: string) {
            execFileSync(
              'npm',
              [
                'install',
                '--prefix',
                join(outputDir, 'nodejs'),
                '--os=linux',
                '--cpu=arm64',
                '--libc=glibc',
                '--no-save',
                '--no-package-lock',
                '--no-audit',
                '--no-fund',
                `sharp@${SHARP_VERSION}`,
              ],
              { stdio: 'ignore' },
            );
            return true;
          },
        },
      },
    }),
  });
}

const evidenceObjects = (stateful: StatefulResources) =>
  stateful.evidenceBucket.arnForObjects(`${EVIDENCE_BLOB_PREFIX}*`);

const bucketKeyViaS3 = (stack: Stack, stateful: StatefulResources, sid: string, actions: string[]) =>
  new PolicyStatement({
    sid,
    effect: Effect.ALLOW,
    actions,
    resources: [stateful.evidenceBucketKey.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.${stack.urlSuffix}` } },
  });

/** Store evidence: put sealed objects, make `evidence` data keys; the layer and the bucket name. */
export function grantEvidenceIntake(
  fn: HouseFunction,
  stateful: StatefulResources,
  layer: LayerVersion,
): void {
  const stack = Stack.of(fn);
  fn.function.addLayers(layer);
  fn.function.addEnvironment('EVIDENCE_BUCKET', stateful.evidenceBucket.bucketName);
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'EvidencePut',
      effect: Effect.ALLOW,
      actions: ['s3:PutObject'],
      resources: [evidenceObjects(stateful)],
    }),
  );
  fn.addToRolePolicy(bucketKeyViaS3(stack, stateful, 'EvidenceBucketKeyWrite', ['kms:GenerateDataKey']));
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'IdentityKeyGenerateEvidence',
      effect: Effect.ALLOW,
      actions: ['kms:GenerateDataKey'],
      resources: [stateful.identityKey.keyArn],
      conditions: { StringEquals: { 'kms:EncryptionContext:purpose': 'evidence' } },
    }),
  );
}

/** Read evidence (the staff function, after its role and jurisdiction checks): get and unwrap. */
export function grantEvidenceRead(fn: HouseFunction, stateful: StatefulResources): void {
  const stack = Stack.of(fn);
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'EvidenceGet',
      effect: Effect.ALLOW,
      actions: ['s3:GetObject'],
      resources: [evidenceObjects(stateful)],
    }),
  );
  fn.addToRolePolicy(bucketKeyViaS3(stack, stateful, 'EvidenceBucketKeyRead', ['kms:Decrypt']));
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'IdentityKeyDecryptEvidence',
      effect: Effect.ALLOW,
      actions: ['kms:Decrypt'],
      resources: [stateful.identityKey.keyArn],
      conditions: { StringEquals: { 'kms:EncryptionContext:purpose': 'evidence' } },
    }),
  );
}

/** Retention: the sweep deletes a final case's evidence objects (never reads them). */
export function grantEvidenceDelete(fn: HouseFunction, stateful: StatefulResources): void {
  fn.function.addEnvironment('EVIDENCE_BUCKET', stateful.evidenceBucket.bucketName);
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'EvidenceRetentionDelete',
      effect: Effect.ALLOW,
      actions: ['s3:DeleteObject'],
      resources: [evidenceObjects(stateful)],
    }),
  );
}
