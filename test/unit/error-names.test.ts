/**
 * Every error class names itself in a string. The bundles are minified without keeping function
 * names, so a class that took its name from its constructor would log as "Ir" in AWS; here, with
 * nothing minified, the export's own name is what each instance must carry.
 */
import { describe, expect, it } from 'vitest';
import * as httpErrors from '#functions/http/errors.ts';
import * as errors from '#shared/errors.ts';
import * as containers from '#shared/evidence/containers.ts';
import * as strip from '#shared/evidence/strip.ts';
import * as caseChange from '#shared/repositories/case-change.ts';
import * as caseRepository from '#shared/repositories/case-repository.ts';
import * as flood from '#shared/repositories/flood-repository.ts';
import * as publicRepository from '#shared/repositories/public-repository.ts';
import * as sms from '#shared/repositories/sms-repository.ts';
import * as intakeGuard from '#shared/services/intake-guard.ts';

const modules = {
  errors,
  httpErrors,
  containers,
  strip,
  caseChange,
  caseRepository,
  flood,
  publicRepository,
  sms,
  intakeGuard,
};

describe('error class names', () => {
  const classes = Object.values(modules).flatMap((m) =>
    Object.entries(m).filter(
      ([, v]) => typeof v === 'function' && (v as { prototype?: unknown }).prototype instanceof Error,
    ),
  );
  it('finds the error classes', () => {
    expect(classes.length).toBeGreaterThanOrEqual(25);
  });
  it.each(classes)('%s carries its own name', (exported, cls) => {
    const instance = Reflect.construct(cls as new (...a: unknown[]) => Error, [[], 'x']);
    expect(Object.hasOwn(instance, 'name')).toBe(true);
    expect(instance.name).toBe(exported);
  });
});
