/**
 * The dashboard as JSON for programs (`GET /api/v1/dashboard`): the same figures as the
 * `/staff/dashboard` page, under stable English keys that do not follow the page's wording or the
 * counters' storage names, described by one zod schema (the OpenAPI document is built from it and
 * the integration test parses responses with it). Shaping only: the figures come from
 * shared/services/supervision.ts.
 */
import * as z from 'zod/mini';
import { CATEGORIES } from '#shared/domain/case.ts';
import { CLOCKS, metric } from '#shared/domain/supervision.ts';
import {
  CHANNELS,
  type Counters,
  clockFigure,
  closeDaysPercentile,
  overallOnTime,
} from '#shared/domain/supervision-figures.ts';
import { bilingual } from '#shared/questionnaire.ts';
import type { DashboardRow, DashboardView } from '#shared/services/supervision.ts';

export const DashboardQuerySchema = z.object({
  /** A month (2026-03), a quarter (2026-Q1) or a year (2026); without it, this month. */
  period: z.optional(z.string().check(z.maxLength(16))),
  from: z.optional(z.string().check(z.maxLength(7))),
  to: z.optional(z.string().check(z.maxLength(7))),
  county: z.optional(
    z
      .string()
      .check(
        z.regex(/^\d{6}$/, { error: bilingual('县区代码应为 6 位数字', 'county must be a 6-digit code') }),
      ),
  ),
  township: z.optional(
    z
      .string()
      .check(
        z.regex(/^\d{9}$/, { error: bilingual('乡镇代码应为 9 位数字', 'township must be a 9-digit code') }),
      ),
  ),
});

const Count = z.number().check(z.int(), z.nonnegative());
const Rate = z.nullable(z.number());
const Clock = z.object({ met: Count, missed: Count, onTimeRate: Rate });

const FiguresSchema = z.object({
  received: Count,
  receivedByChannel: z.record(z.enum(CHANNELS as [string, ...string[]]), Count),
  receivedByCategory: z.record(z.enum(CATEGORIES), Count),
  accepted: Count,
  rejected: Count,
  transferredOut: Count,
  transferredIn: Count,
  substantiated: Count,
  unsubstantiated: Count,
  closed: Count,
  duplicates: Count,
  reopenedByObjection: Count,
  objections: Count,
  listedForSupervision: Count,
  listedRectificationConfirmed: Count,
  clocks: z.record(z.enum(CLOCKS), Clock),
  onTime: Clock,
  overdueNow: Count,
  daysToClose: z.object({ count: Count, median: z.nullable(Count), p90: z.nullable(Count) }),
  rewards: z.object({
    computed: Count,
    computedYuan: z.number(),
    notEligible: Count,
    approved: Count,
    approvedYuan: z.number(),
    refused: Count,
    paid: Count,
    paidYuan: z.number(),
    claimsPendingNow: Count,
  }),
});

const PlaceFiguresSchema = z.extend(FiguresSchema, {
  code: z.string(),
  name: z.string(),
  /** The county's (or city's) own bucket: reports still waiting for a township. */
  awaitingRouting: z.boolean(),
});

export const DashboardJsonSchema = z.object({
  scope: z.object({
    code: z.string(),
    name: z.string(),
    level: z.enum(['township', 'county', 'city']),
  }),
  period: z.object({
    kind: z.enum(['month', 'quarter', 'year', 'range']),
    from: z.string(),
    to: z.string(),
    labelZh: z.string(),
    labelEn: z.string(),
  }),
  readAt: z.string(),
  total: FiguresSchema,
  places: z.array(PlaceFiguresSchema),
  months: z.array(z.object({ month: z.string(), received: Count, closed: Count })),
});
export type DashboardJson = z.infer<typeof DashboardJsonSchema>;

const n = (c: Counters, k: string) => c[k] ?? 0;
const clockJson = (f: { met: number; missed: number; rate: number | null }) => ({
  met: f.met,
  missed: f.missed,
  onTimeRate: f.rate,
});

function figuresOf(r: DashboardRow): z.infer<typeof FiguresSchema> {
  const c = r.counters;
  return {
    received: n(c, metric.received),
    receivedByChannel: Object.fromEntries(CHANNELS.map((ch) => [ch, n(c, metric.receivedBy('ch', ch))])),
    receivedByCategory: Object.fromEntries(
      CATEGORIES.map((k) => [k, n(c, metric.receivedBy('k', k))]),
    ) as Record<(typeof CATEGORIES)[number], number>,
    accepted: n(c, 'accepted'),
    rejected: n(c, 'rejected'),
    transferredOut: n(c, 'transferred_out'),
    transferredIn: n(c, 'transferred_in'),
    substantiated: n(c, 'substantiated'),
    unsubstantiated: n(c, 'unsubstantiated'),
    closed: n(c, 'closed'),
    duplicates: n(c, 'duplicate'),
    reopenedByObjection: n(c, 'reopened'),
    objections: n(c, 'objections'),
    listedForSupervision: n(c, 'listed'),
    listedRectificationConfirmed: n(c, 'listed_rectified'),
    clocks: Object.fromEntries(CLOCKS.map((k) => [k, clockJson(clockFigure(c, k))])) as Record<
      (typeof CLOCKS)[number],
      z.infer<typeof Clock>
    >,
    onTime: clockJson(overallOnTime(c)),
    overdueNow: r.overdue,
    daysToClose: {
      count: Object.entries(c)
        .filter(([k]) => k.startsWith('close_days:'))
        .reduce((s, [, v]) => s + v, 0),
      median: closeDaysPercentile(c, 0.5),
      p90: closeDaysPercentile(c, 0.9),
    },
    rewards: {
      computed: n(c, 'reward_computed'),
      computedYuan: n(c, 'reward_computed_yuan'),
      notEligible: n(c, 'reward_not_eligible'),
      approved: n(c, 'reward_approved'),
      approvedYuan: n(c, 'reward_approved_yuan'),
      refused: n(c, 'reward_refused'),
      paid: n(c, 'reward_paid'),
      paidYuan: n(c, 'reward_paid_yuan'),
      claimsPendingNow: n(r.now, metric.claimsPending),
    },
  };
}

/** The dashboard view as the JSON API returns it. */
export function dashboardJson(view: DashboardView): DashboardJson {
  return {
    scope: view.scope,
    period: {
      kind: view.period.kind,
      from: view.period.from,
      to: view.period.to,
      labelZh: view.period.labelZh,
      labelEn: view.period.labelEn,
    },
    readAt: view.readAt,
    total: figuresOf(view.total),
    places: view.rows.map((r) => ({
      code: r.place,
      name: r.name,
      awaitingRouting: r.unrouted,
      ...figuresOf(r),
    })),
    months: view.months.map((m) => ({
      month: m.month,
      received: n(m.counters, 'received'),
      closed: n(m.counters, 'closed'),
    })),
  };
}
