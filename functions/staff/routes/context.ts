/** What every console route module shares: its dependencies and small request helpers. */
import type { Context } from 'hono';
import { type Lang, pickLang } from '#functions/web/i18n.ts';
import type { StaffPrincipal } from '#shared/auth/staff.ts';
import type { RuleSet } from '#shared/domain/reward-rule-set.ts';
import type { Logger } from '#shared/log.ts';
import type { RevealRepository } from '#shared/repositories/reveal-repository.ts';
import type { RewardRepository } from '#shared/repositories/reward-repository.ts';
import type { EvidenceDeps } from '#shared/services/evidence.ts';
import type { IntakeDeps } from '#shared/services/intake.ts';
import type { ListDeps, TransitionDeps } from '#shared/services/staff-cases.ts';

export type ConsoleDeps = TransitionDeps &
  IntakeDeps &
  EvidenceDeps &
  ListDeps & {
    logger: Logger;
    reveals: RevealRepository;
    rewards: RewardRepository;
    ruleSets: RuleSet[];
    /** Names of staff for the timeline (the local demo users); others show by role. */
    staffNames?: { id: string; name: string }[];
  };

/** The page language: `?lang=` first, then the form's hidden `lang` field. */
export const langOf = (c: Context, form?: Record<string, unknown>): Lang =>
  pickLang(c.req.query('lang'), typeof form?.lang === 'string' ? form.lang : undefined);

/** A urlencoded or multipart form's text fields (files dropped). */
export const formOf = async (c: Context): Promise<Record<string, string>> =>
  Object.fromEntries(
    Object.entries(await c.req.parseBody()).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );

/** Names of the division codes a page shows, looked up once per page. */
export async function namesOf(deps: Pick<ConsoleDeps, 'directory'>, codes: (string | undefined)[]) {
  const unique = [...new Set(codes.filter((c): c is string => Boolean(c)))];
  const places = await Promise.all(unique.map((code) => deps.directory.get(code)));
  const names = new Map(places.filter((p) => p !== null).map((p) => [p.code, p.name]));
  return (code?: string) => (code ? (names.get(code) ?? code) : '');
}

export type { StaffPrincipal };
