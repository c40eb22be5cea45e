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
import { DockerImage, Fn, Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, LayerVersion } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { EVIDENCE_BLOB_PREFIX } from '../../shared/db/keys.ts';
import type { StatefulResources } from '../stateful-stack.ts';
import { EVIDENCE_BUCKET_ARN_EXPORT, EVIDENCE_OBJECTS_FINDING } from './evidence-store.ts';
import { HOUSE_RUNTIME, type HouseFunction, REPO_ROOT } from './house-function.ts';

const versionOf = (pkg: string) =>
  (
    JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
/** The layer's packages at the versions installed here (the lock file's). */
const LAYER_PACKAGES = ['sharp', 'pdf-lib', 'exifr'].map((p) => `${p}@${versionOf(p)}`);
const SHARP_VERSION = versionOf('sharp');

/**
 * libvips (sharp) for Linux ARM64 as a layer, installed at synth from the npm registry with the
 * version the lock file has (its prebuilt binaries are registry packages; nothing is downloaded at
 * run time). The functions load it with `require` from /opt/nodejs/node_modules.
 */
export function sharpLayer(scope: Construct): LayerVersion {
  return new LayerVersion(scope, 'SharpLayer', {
    description: `sharp ${SHARP_VERSION} (libvips, linux-arm64), pdf-lib, exifr: evidence stripping and thumbnails`,
    compatibleArchitectures: [Architecture.ARM_64],
    compatibleRuntimes: [HOUSE_RUNTIME],
    code: Code.fromAsset(join(REPO_ROOT, 'infra', 'layers', 'sharp'), {
      assetHash: `${LAYER_PACKAGES.join('+')}-linux-arm64`,
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
                ...LAYER_PACKAGES,
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

const evidenceObjects = (_stateful: StatefulResources) =>
  `${Fn.importValue(EVIDENCE_BUCKET_ARN_EXPORT)}/${EVIDENCE_BLOB_PREFIX}*`;

/** Object grants name every object under `evidence/` of the one bucket: acknowledged with that reason. */
function acknowledgeEvidenceObjects(fn: HouseFunction, what: string): void {
  Validations.of(fn.role).acknowledge({
    id: EVIDENCE_OBJECTS_FINDING,
    reason: `${what} any evidence object of the evidence bucket, under the evidence/ prefix only: object keys are made per case and file at run time, and the app checks the case (reporter key or staff role and jurisdiction) before each call.`,
  });
}

export const bucketKeyViaS3 = (stack: Stack, stateful: StatefulResources, sid: string, actions: string[]) =>
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
  acknowledgeEvidenceObjects(fn, 'Puts (writes sealed bytes to)');
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
  acknowledgeEvidenceObjects(fn, 'Gets (reads sealed bytes of)');
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
  acknowledgeEvidenceObjects(fn, 'Deletes (at the end of retention)');
}
