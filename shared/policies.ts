/** Loads and validates the deadline policies and calendar overlays shipped in seeds/. */
import * as z from 'zod/mini';
import { generatedCalendar, overlays as shippedOverlays } from '../seeds/calendar/index.ts';
import policyFile from '../seeds/policies/deadlines.json' with { type: 'json' };
import { buildCalendar } from './calendar.ts';
import type { CalendarData } from './domain/calendar.ts';
import { type DeadlinePolicy, PERIOD_NAMES } from './domain/deadline-policy.ts';

const date = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
const Period = z.union([
  z.object({
    days: z.number().check(z.int(), z.gte(0)),
    working: z.optional(z.boolean()),
    source: z.string().check(z.minLength(3)),
  }),
  z.object({ hours: z.number().check(z.gt(0)), source: z.string().check(z.minLength(3)) }),
]);
const PolicyFile = z.object({
  policies: z.array(
    z.object({
      jurisdiction: z.string().check(z.regex(/^(\d{2}|\d{4}|\d{6}|\d{9})?$/)),
      effectiveFrom: date,
      name: z.string(),
      periods: z.partialRecord(z.enum(PERIOD_NAMES), Period),
    }),
  ),
});
const Overlay = z.object({
  year: z.number().check(z.int()),
  source: z.string().check(z.minLength(3)),
  holidays: z.array(date),
  workdays: z.array(date),
});

/** Throws naming the bad entry if the shipped policy file does not validate. */
export function loadDeadlinePolicies(data: unknown = policyFile): DeadlinePolicy[] {
  const parsed = PolicyFile.safeParse(data);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`seeds/policies/deadlines.json is invalid at: ${where}`);
  }
  return parsed.data.policies as DeadlinePolicy[];
}

const monthDay = z.string().check(z.regex(/^\d{2}-\d{2}$/));
const Generated = z.object({
  generatedFrom: z.string(),
  arrangements: z.record(z.string(), z.object({ holidays: z.array(monthDay), workdays: z.array(monthDay) })),
  statutory: z.record(z.string(), z.array(monthDay)),
});

/** The calendar from the shipped data; throws if a file in seeds/calendar/ does not validate. */
export function loadCalendar(overlays: unknown[] = shippedOverlays): CalendarData {
  return buildCalendar(
    z.parse(Generated, generatedCalendar),
    overlays.map((o) => z.parse(Overlay, o)),
  );
}
