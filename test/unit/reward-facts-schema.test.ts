/** The reward facts body: one schema by category for the API, the console's form and the engine's parts. */
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '#functions/api/openapi.ts';
import { toFieldIssues } from '#functions/http/validation.ts';
import { formToRewardFacts } from '#functions/staff/reward-form-input.ts';
import { engineFactsOf } from '#shared/domain/reward-facts.ts';
import { RecordedFactsSchema } from '#shared/domain/reward-facts-schema.ts';

const issuesOf = (input: unknown) => {
  const r = RecordedFactsSchema.safeParse(input);
  if (r.success) throw new Error('expected bad facts');
  return toFieldIssues(r.error);
};
const penalty = {
  totalYuan: 200,
  unitYuan: 150,
  individualsYuan: 50,
  confiscatedYuan: 0,
  decisionNo: '罚〔2026〕1号',
};

describe('the recorded reward facts', () => {
  it('want the accident for an accident category and the situation for a listed one, in words', () => {
    expect(issuesOf({ category: 'concealed_accident' })).toEqual([
      {
        field: 'accident',
        zh: '瞒报、谎报事故须填写事故情况（等级或伤亡、损失）',
        en: 'required for a concealed or falsely reported accident',
      },
    ]);
    expect(issuesOf({ category: 'listed_situation' })[0]).toMatchObject({
      field: 'listedSituation',
      zh: '所列举报奖励情形须填写情形编号',
    });
    expect(issuesOf({ category: 'suggestion' })).toEqual([
      { field: 'category', zh: '请选择举报类别', en: 'Choose the category' },
    ]);
  });

  it('check the penalty and the accident field by field', () => {
    expect(issuesOf({ category: 'major_hazard', penalty: { ...penalty, totalYuan: 10 } })[0]).toMatchObject({
      field: 'penalty.totalYuan',
      zh: '罚没款合计应等于单位罚款、个人罚款与没收违法所得之和',
    });
    const accident = { deaths: 1, seriousInjuries: 0, directLossYuan: 0, concealedDeaths: 2 };
    expect(issuesOf({ category: 'falsely_reported_accident', accident })[0]).toMatchObject({
      field: 'accident.concealedDeaths',
    });
    expect(issuesOf({ category: 'major_hazard', penalty: { ...penalty, unitYuan: -1 } })[0]).toMatchObject({
      field: 'penalty.unitYuan',
    });
  });

  it('fill the defaults and read a blank exclusion as none', () => {
    expect(RecordedFactsSchema.parse({ category: 'general_hazard', excludedReason: '  ' })).toEqual({
      category: 'general_hazard',
      alreadyKnownToAuthority: false,
      excludedReason: null,
      jointSignatories: 1,
    });
  });

  it('parse the console form the same way, and map to the engine in one step', () => {
    const form = {
      category: 'illegal_operation',
      decisionNo: '罚〔2026〕1号',
      unitYuan: '150',
      individualsYuan: '50',
    };
    const recorded = RecordedFactsSchema.parse(formToRewardFacts(form));
    expect(recorded).toEqual({
      category: 'illegal_operation',
      alreadyKnownToAuthority: false,
      excludedReason: null,
      jointSignatories: 1,
      penalty,
    });
    const kase = {
      receivedAt: '2026-11-01T00:00:00Z',
      jurisdictionCode: '411003106',
      isEmployeeOfUnit: true,
    };
    expect(engineFactsOf(recorded, kase, true)).toEqual({
      category: 'illegal_operation',
      alreadyKnownToAuthority: false,
      penalty,
      substantiated: true,
      reporter: {
        realName: false,
        isEmployeeOfUnit: true,
        excludedReason: null,
        isFirstValidReporter: true,
        jointSignatories: 1,
      },
      receivedAt: kase.receivedAt,
      jurisdictionCode: kase.jurisdictionCode,
    });
  });

  it('are documented by category', () => {
    const doc = buildOpenApiDocument({ title: 't', version: '1', description: 'd' }) as unknown as {
      components: { schemas: Record<string, { oneOf?: { required?: string[] }[] }> };
    };
    const required = (doc.components.schemas.RewardFacts?.oneOf ?? []).map((o) => o.required);
    expect(required).toEqual([['category'], ['category', 'accident'], ['category', 'listedSituation']]);
  });
});
