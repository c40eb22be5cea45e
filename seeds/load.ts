/**
 * Loads the seed data (the pilot region's division tree) into the directory table. Skips a seed
 * whose file hash is already recorded, so every `npm start` is fast and re-running is idempotent.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Place } from '#shared/domain/place.ts';
import type { DirectoryRepository } from '#shared/repositories/directory-repository.ts';

const here = dirname(fileURLToPath(import.meta.url));

export function readDivisionSeed(cityCode: string): { places: Place[]; hash: string } {
  const raw = readFileSync(join(here, 'divisions', `${cityCode}.json`), 'utf8');
  return { places: JSON.parse(raw) as Place[], hash: createHash('sha256').update(raw).digest('hex') };
}

export async function loadSeeds(
  directory: DirectoryRepository,
  cityCode = '4110',
): Promise<{ loaded: number; skipped: boolean }> {
  const { places, hash } = readDivisionSeed(cityCode);
  const name = `divisions/${cityCode}`;
  if ((await directory.seedMarker(name)) === hash) return { loaded: 0, skipped: true };
  await directory.putMany(places);
  await directory.putSeedMarker(name, hash, new Date().toISOString());
  return { loaded: places.length, skipped: false };
}
