/** The transition request schema: one source for the API, the console's forms and the lifecycle. */
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '#functions/api/openapi.ts';
import { toFieldIssues } from '#functions/http/validation.ts';
import { formToTransition } from '#functions/staff/action-forms.tsx';
import { ACTIONS, parseTransitionRequest, TransitionRequestSchema } from '#shared/domain/lifecycle/index.ts';

const issuesOf = (input: unknown) => {
  const r = TransitionRequestSchema.safeParse(input);
  if (r.success) throw new Error('expected a bad request');
  return toFieldIssues(r.error);
};

describe('the transition request schema', () => {
  it('names the bad field in the lifecycle’s words, in both languages', () => {
    expect(issuesOf({ action: 'reject' })).toEqual([
      { field: 'reason', zh: '请填写理由', en: 'Reason is required' },
    ]);
    expect(issuesOf({ action: 'reject', reason: 'x'.repeat(4001) })).toEqual([
      { field: 'reason', zh: '理由最多 4000 个字', en: 'Reason is longer than 4000 characters' },
    ]);
    expect(issuesOf({ action: 'assign_township', townshipCode: '4110' })[0]).toMatchObject({
      field: 'townshipCode',
      zh: '请选择乡镇（街道）',
    });
    expect(issuesOf({ action: 'order_rectification', order: '整改', deadline: '2027-02-30' })).toEqual([
      {
        field: 'deadline',
        zh: '期限应为日期，例如 2027-01-31',
        en: 'Deadline is not a date (YYYY-MM-DD)',
      },
    ]);
    expect(issuesOf({ action: 'approve_extension', days: 31, reason: '复杂' })[0]).toMatchObject({
      field: 'days',
      zh: '延长天数应为 1 到 30 之间的整数',
    });
  });

  it('wants exactly one destination for a transfer', () => {
    const both = { action: 'transfer', reason: '移交', toTownshipCode: '411003106', toDepartment: '住建局' };
    expect(issuesOf(both)[0]).toMatchObject({ field: 'toTownshipCode' });
    expect(issuesOf({ action: 'transfer', reason: '移交' })[0]).toMatchObject({ field: 'toTownshipCode' });
    expect(
      TransitionRequestSchema.safeParse({ action: 'transfer', reason: ' 移交 ', toTriage: true }),
    ).toEqual({
      success: true,
      data: { action: 'transfer', reason: '移交', toTriage: true },
    });
  });

  it('trims texts and drops blank optional ones, so the lifecycle gets clean values', () => {
    expect(parseTransitionRequest({ action: 'accept', note: '   ' })).toEqual({ action: 'accept' });
    expect(parseTransitionRequest({ action: 'close', feedback: ' 已办结 ' })).toEqual({
      action: 'close',
      feedback: '已办结',
    });
    expect(parseTransitionRequest({ action: 'dance' })).toMatchObject({ ok: false, field: 'action' });
  });

  it('parses a posted form the same way', () => {
    const form = { action: 'approve_extension', days: '10', reason: ' 现场复杂 ', version: '3', lang: 'zh' };
    expect(TransitionRequestSchema.parse(formToTransition(form))).toEqual({
      action: 'approve_extension',
      days: 10,
      reason: '现场复杂',
    });
  });

  it('is documented with each action’s own fields', () => {
    const doc = buildOpenApiDocument({ title: 't', version: '1', description: 'd' }) as unknown as {
      components: {
        schemas: Record<string, { oneOf?: { properties: Record<string, { const?: string }> }[] }>;
      };
    };
    const options = doc.components.schemas.TransitionRequest?.oneOf ?? [];
    expect(options.map((o) => o.properties.action?.const)).toEqual([...ACTIONS]);
    const order = options.find((o) => o.properties.action?.const === 'order_rectification');
    expect(Object.keys(order?.properties ?? {})).toEqual(['action', 'order', 'deadline']);
  });
});
