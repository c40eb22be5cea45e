/**
 * The questionnaire (validation per category, summaries, filter attributes, reward defaults), the
 * re-check (复查) in the lifecycle, the coordinator's scope and the reward exclusion of patrol
 * reports. Pure: no DynamoDB.
 */
import { describe, expect, it } from 'vitest';
import { ReportSchema } from '#functions/http/schemas.ts';
import { toFieldIssues } from '#functions/http/validation.ts';
import { principalOf } from '#shared/auth/staff.ts';
import { CATEGORIES, type CaseStatus } from '#shared/domain/case.ts';
import {
  allowedActions,
  type CaseFacts,
  type Decision,
  decide,
  type RecheckFacts,
  type StaffActor,
} from '#shared/domain/lifecycle/index.ts';
import { filterAttributesOf, rewardFactDefaults, summarizeAnswers } from '#shared/domain/questionnaire.ts';
import { EXCLUSION_REASONS, exclusionByChannel, type RewardFacts } from '#shared/domain/reward-facts.ts';
import { computeReward } from '#shared/domain/rewards.ts';
import { MAX_SMS_QUESTION, parseSmsAnswer, smsQuestionFor } from '#shared/domain/sms/question.ts';
import { answersFromForm, checkAnswers, loadQuestionnaire, questionnaire } from '#shared/questionnaire.ts';
import { loadRuleSets, ruleSetById } from '#shared/rules.ts';

const base = {
  description: '某厂夜间违规动火作业，无人监护，现场堆放易燃物。',
  location: { townshipCode: '411003106' },
};
const parse = (category: string, answers: unknown) => {
  const r = ReportSchema.safeParse({ ...base, category, answers });
  return r.success
    ? { ok: true as const, data: r.data }
    : { ok: false as const, issues: toFieldIssues(r.error) };
};
const zhOf = (category: string, answers: unknown) => {
  const r = parse(category, answers);
  if (r.ok) throw new Error('expected issues');
  return Object.fromEntries(r.issues.map((i) => [i.field, i.zh]));
};

describe('the questionnaire seed', () => {
  it('has a group for every category, each category once', () => {
    for (const c of CATEGORIES)
      expect(questionnaire.groups.filter((g) => g.categories.includes(c))).toHaveLength(1);
  });

  it('asks what the field asked for, in Chinese and English', () => {
    const ids = questionnaire.groups.flatMap((g) => g.questions.map((q) => q.id));
    expect(ids).toEqual([
      'hazardType',
      'peopleExposed',
      'workOngoing',
      'illegalKind',
      'operatingTimes',
      'accidentAt',
      'deathsKnown',
      'injuredKnown',
      'concealedWhat',
      'injuredTakenTo',
    ]);
    const hazard = questionnaire.groups[0]?.questions[0]?.options?.map((o) => o.zh);
    expect(hazard).toEqual([
      '火灾/消防',
      '用电',
      '有限空间',
      '危险化学品',
      '粉尘涉爆',
      '特种设备',
      '建筑施工',
      '矿山',
      '燃气',
      '交通运输',
      '其他',
    ]);
  });

  it('refuses a broken seed, naming where', () => {
    expect(() => loadQuestionnaire({ ...questionnaire, version: 0 })).toThrow(/version/);
    const twice = { ...questionnaire, groups: [...questionnaire.groups, questionnaire.groups[0]] };
    expect(() => loadQuestionnaire(twice)).toThrow(/two groups/);
  });
});

describe('answers are validated per category', () => {
  it('hazards: type from the list, a whole number of people, whether work goes on', () => {
    for (const category of ['major_hazard', 'general_hazard']) {
      const ok = parse(category, {
        hazardType: 'combustible_dust',
        peopleExposed: 0,
        workOngoing: 'unknown',
      });
      expect(ok.ok && ok.data.answers).toEqual({
        hazardType: 'combustible_dust',
        peopleExposed: 0,
        workOngoing: 'unknown',
      });
    }
    expect(zhOf('major_hazard', { hazardType: '火灾', peopleExposed: 2.5, workOngoing: true })).toEqual({
      'answers.hazardType': '请从“隐患类型”的选项中选择',
      'answers.peopleExposed': '请填写 0 到 100000 之间的整数',
      'answers.workOngoing': '请从“现在是否仍在作业”的选项中选择',
    });
    expect(zhOf('general_hazard', { peopleExposed: 100001 })['answers.peopleExposed']).toBe(
      '请填写 0 到 100000 之间的整数',
    );
  });

  it('illegal operation: kind from the list, operating times as a list', () => {
    const ok = parse('illegal_operation', {
      illegalKind: 'overstepping_mining',
      operatingTimes: ['night', 'night'],
    });
    expect(ok.ok && ok.data.answers).toEqual({
      illegalKind: 'overstepping_mining',
      operatingTimes: ['night'],
    });
    expect(zhOf('illegal_operation', { illegalKind: 'unlicenced', operatingTimes: 'night' })).toEqual({
      'answers.illegalKind': '请从“属于哪种情况”的选项中选择',
      'answers.operatingTimes': '“通常在什么时间生产经营（可多选）”的答案格式不对',
    });
  });

  it('concealed accident: a real day, counts, what was concealed, where the injured went', () => {
    const ok = parse('concealed_accident', {
      accidentAt: '2026-11-03',
      deathsKnown: 3,
      injuredKnown: 5,
      concealedWhat: ['deaths', 'cause'],
      injuredTakenTo: '  许昌市中心医院 ',
    });
    expect(ok.ok && ok.data.answers).toEqual({
      accidentAt: '2026-11-03',
      deathsKnown: 3,
      injuredKnown: 5,
      concealedWhat: ['deaths', 'cause'],
      injuredTakenTo: '许昌市中心医院',
    });
    expect(
      zhOf('concealed_accident', {
        accidentAt: '2026-02-30',
        deathsKnown: 1001,
        injuredTakenTo: 'x'.repeat(201),
      }),
    ).toEqual({
      'answers.accidentAt': '这一天不存在，请检查日期',
      'answers.deathsKnown': '请填写 0 到 1000 之间的整数',
      'answers.injuredTakenTo': '太长了，最多 200 个字',
    });
  });

  it('a question of another category is named, field by field', () => {
    expect(zhOf('concealed_accident', { hazardType: 'fire', illegalKind: 'unlicensed' })).toEqual({
      'answers.hazardType': '所选类别没有这个问题',
      'answers.illegalKind': '所选类别没有这个问题',
    });
  });

  it('answers are reported along with the other fields’ errors, and are optional', () => {
    const r = ReportSchema.safeParse({
      ...base,
      description: '短',
      category: 'major_hazard',
      answers: { hazardType: 'x' },
    });
    expect(r.success).toBe(false);
    if (!r.success)
      expect(toFieldIssues(r.error).map((i) => i.field)).toEqual(['description', 'answers.hazardType']);
    const none = parse('major_hazard', undefined);
    expect(none.ok && 'answers' in none.data).toBe(false);
    const empty = parse('major_hazard', { injuredTakenTo: undefined });
    expect(empty.ok && 'answers' in empty.data).toBe(false);
  });

  it('checkAnswers drops empty answers', () => {
    expect(checkAnswers('concealed_accident', { injuredTakenTo: '   ' })).toEqual({ ok: true, answers: {} });
  });
});

describe('answers from a form', () => {
  it('take only the chosen category’s fields, splitting multiple choices and typing counts', () => {
    expect(
      answersFromForm(
        {
          category: 'concealed_accident',
          'answers.deathsKnown': '4',
          'answers.concealedWhat': 'accident,deaths',
          'answers.hazardType': 'fire',
          'answers.injuredKnown': '好几个',
        },
        'concealed_accident',
      ),
    ).toEqual({ deathsKnown: 4, concealedWhat: ['accident', 'deaths'], injuredKnown: '好几个' });
  });
});

describe('summary, filters and reward defaults', () => {
  it('summarizes in the questionnaire’s order with labels, leaving out what was not answered', () => {
    expect(
      summarizeAnswers(
        questionnaire,
        'illegal_operation',
        { operatingTimes: ['night', 'irregular'], illegalKind: 'other' },
        'zh',
      ),
    ).toEqual([
      { id: 'illegalKind', label: '属于哪种情况', value: '其他' },
      { id: 'operatingTimes', label: '通常在什么时间生产经营（可多选）', value: '夜间、时间不固定' },
    ]);
  });

  it('copies only classifying single choices as plain attributes', () => {
    expect(filterAttributesOf({ hazardType: 'gas', peopleExposed: 3 })).toEqual({ hazardType: 'gas' });
    expect(filterAttributesOf({ illegalKind: 'unlicensed', operatingTimes: ['night'] })).toEqual({
      illegalKind: 'unlicensed',
    });
  });

  it('offers the reported deaths as defaults, as concealed deaths only when deaths or the accident were hidden', () => {
    expect(rewardFactDefaults({ deathsKnown: 2, concealedWhat: ['deaths'] })).toEqual({
      deaths: 2,
      concealedDeaths: 2,
    });
    expect(rewardFactDefaults({ deathsKnown: 2, concealedWhat: ['cause'] })).toEqual({ deaths: 2 });
    expect(rewardFactDefaults({ injuredKnown: 2 })).toEqual({});
  });
});

describe('the SMS question for a category', () => {
  it('numbers the options of the first question and fits one segment', () => {
    const q = smsQuestionFor(questionnaire, 'general_hazard');
    expect(q?.questionId).toBe('hazardType');
    expect(q?.text).toContain('1火灾/消防 2用电');
    expect(q?.text.length).toBeLessThanOrEqual(MAX_SMS_QUESTION);
    expect(smsQuestionFor(questionnaire, 'concealed_accident')).toBeNull();
  });

  it('reads a bare number (full-width too) or an option’s words; anything else is a text', () => {
    expect(parseSmsAnswer(questionnaire, 'general_hazard', ' ３。')).toMatchObject({
      value: 'confined_space',
    });
    expect(parseSmsAnswer(questionnaire, 'general_hazard', '燃气')).toMatchObject({ value: 'gas' });
    expect(parseSmsAnswer(questionnaire, 'general_hazard', '火灾')).toMatchObject({ value: 'fire' });
    expect(parseSmsAnswer(questionnaire, 'general_hazard', '12')).toBeNull();
    expect(parseSmsAnswer(questionnaire, 'general_hazard', '3号车间又起火了')).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// Re-check in the lifecycle

const NOW = new Date('2026-11-27T04:00:00Z');
const LINGJING = '411003106';
const VILLAGE = '411003106207';
const officer: StaffActor = { id: 'officer-lj', role: 'township_officer', jurisdiction: LINGJING };
const coordinator: StaffActor = { id: 'coord', role: 'village_coordinator', jurisdiction: VILLAGE };
const neighbour: StaffActor = { id: 'coord-2', role: 'village_coordinator', jurisdiction: '411003106208' };

function rectifying(over: Partial<CaseFacts> = {}): CaseFacts {
  return {
    caseNumber: '20261101-000001',
    status: 'rectifying',
    category: 'general_hazard',
    imminentDanger: false,
    townshipCode: LINGJING,
    countyCode: '411003',
    villageCode: VILLAGE,
    verifiedBy: [officer.id],
    rectification: {
      order: '限期整改',
      deadline: '2026-12-20',
      orderedAt: NOW.toISOString(),
      orderedBy: officer.id,
    },
    due: { period: 'rectification', dueAt: '2026-12-20T16:00:00Z' },
    ...over,
  };
}
const approved = (d: Decision) => {
  if (!d.ok) throw new Error(`${d.code}: ${d.message}`);
  return d;
};
const ask = { action: 'request_recheck' as const, summary: '消防通道堵塞', unitName: '岗王村东仓库' };
const pending = (over: Partial<RecheckFacts> = {}): RecheckFacts => ({
  status: 'requested',
  taskId: '00000000-0000-4000-8000-000000000001',
  villageCode: VILLAGE,
  summary: '消防通道堵塞',
  unitName: '岗王村东仓库',
  deadline: '2026-12-20',
  requestedAt: NOW.toISOString(),
  requestedBy: officer.id,
  ...over,
});

describe('re-check (复查)', () => {
  it('the officer hands it to the case’s village with their summary, unit and the order’s deadline', () => {
    const d = approved(decide(rectifying(), ask, officer, NOW));
    expect(d.status).toBe('rectifying');
    expect(d.patch.recheck).toMatchObject({
      status: 'requested',
      villageCode: VILLAGE,
      summary: '消防通道堵塞',
      unitName: '岗王村东仓库',
      deadline: '2026-12-20',
    });
    expect(d.event).toMatchObject({ type: 'recheck_requested', reporterVisible: false });
    expect(d.notifyReporter).toBe(false);
  });

  it('needs a village of the township, a summary and a unit', () => {
    expect(decide(rectifying({ villageCode: undefined }), ask, officer, NOW)).toMatchObject({
      code: 'invalid',
      field: 'villageCode',
    });
    expect(decide(rectifying(), { ...ask, villageCode: '411081103202' }, officer, NOW)).toMatchObject({
      code: 'invalid',
      field: 'villageCode',
    });
    expect(decide(rectifying(), { ...ask, summary: ' ' }, officer, NOW)).toMatchObject({ field: 'summary' });
    expect(decide(rectifying(), { ...ask, unitName: '' }, officer, NOW)).toMatchObject({ field: 'unitName' });
  });

  it('only while rectification is open and no re-check is pending', () => {
    expect(decide(rectifying({ recheck: pending() }), ask, officer, NOW)).toMatchObject({
      code: 'already_done',
    });
    const confirmed = rectifying();
    confirmed.rectification = {
      ...(confirmed.rectification as NonNullable<CaseFacts['rectification']>),
      confirmedAt: NOW.toISOString(),
    };
    expect(decide(confirmed, ask, officer, NOW)).toMatchObject({ code: 'already_done' });
    for (const status of ['verifying', 'substantiated', 'closed'] as CaseStatus[])
      expect(decide(rectifying({ status }), ask, officer, NOW)).toMatchObject({
        code: 'not_allowed_in_state',
      });
  });

  it('only the coordinator of that village records it, once, with a result and a note', () => {
    const state = rectifying({ recheck: pending() });
    const record = {
      action: 'record_recheck' as const,
      result: 'not_rectified' as const,
      note: '仍有货物堆放',
    };
    expect(allowedActions(state, coordinator, NOW)).toEqual(['record_recheck']);
    const d = approved(decide(state, record, coordinator, NOW));
    expect(d.patch.recheck).toMatchObject({
      status: 'recorded',
      result: 'not_rectified',
      note: '仍有货物堆放',
      recordedBy: 'coord',
    });
    expect(d.event).toMatchObject({
      type: 'recheck_recorded',
      reporterVisible: false,
      internalNote: '仍有货物堆放',
    });
    expect(decide(state, record, neighbour, NOW)).toMatchObject({ code: 'out_of_jurisdiction' });
    expect(decide(state, record, officer, NOW)).toMatchObject({ code: 'role_not_allowed' });
    expect(decide(state, { ...record, result: 'maybe' as never }, coordinator, NOW)).toMatchObject({
      field: 'result',
    });
    expect(decide(state, { ...record, note: '' }, coordinator, NOW)).toMatchObject({ field: 'note' });
    expect(
      decide(rectifying({ recheck: pending({ status: 'recorded' }) }), record, coordinator, NOW),
    ).toMatchObject({
      code: 'already_done',
    });
    expect(decide(rectifying(), record, coordinator, NOW)).toMatchObject({ code: 'out_of_jurisdiction' });
  });

  it('a coordinator can take no other action on any case, not even of their own village', () => {
    const state = rectifying({ recheck: pending() });
    for (const status of ['assigned', 'accepted', 'verifying', 'closed'] as CaseStatus[])
      expect(allowedActions({ ...state, status }, coordinator, NOW)).toEqual([]);
    expect(decide(state, { action: 'confirm_rectification' }, coordinator, NOW)).toMatchObject({
      code: 'role_not_allowed',
    });
  });

  it('the officer confirms with a recorded re-check, or rejects it with a new deadline', () => {
    const recorded = rectifying({
      recheck: pending({ status: 'recorded', result: 'rectified', note: '已清理' }),
    });
    const confirm = approved(decide(recorded, { action: 'confirm_rectification' }, officer, NOW));
    expect(confirm.patch.recheck?.status).toBe('confirmed');
    const reject = approved(
      decide(
        recorded,
        { action: 'reject_rectification', reason: '灭火器仍未更换', deadline: '2027-01-10' },
        officer,
        NOW,
      ),
    );
    expect(reject.patch.recheck?.status).toBe('rejected');
    expect(reject.patch.rectification?.deadline).toBe('2027-01-10');
    expect(reject.due).toEqual({ period: 'rectification', date: '2027-01-10' });
    expect(reject.status).toBe('rectifying');
    expect(
      decide(
        recorded,
        { action: 'reject_rectification', reason: '未整改', deadline: '2026-01-01' },
        officer,
        NOW,
      ),
    ).toMatchObject({ field: 'deadline' });
    // Deciding while the re-check is still pending withdraws it.
    const withdrawn = approved(
      decide(rectifying({ recheck: pending() }), { action: 'confirm_rectification' }, officer, NOW),
    );
    expect(withdrawn.patch.recheck?.status).toBe('withdrawn');
  });
});

describe('the coordinator’s token', () => {
  const claims = (role: string, jurisdiction: string) => ({
    sub: 'u',
    'cognito:groups': [role],
    'custom:jurisdiction': jurisdiction,
  });
  it('carries a 12-digit village code, which no other role may hold', () => {
    expect(principalOf(claims('village_coordinator', VILLAGE))).toMatchObject({
      role: 'village_coordinator',
      jurisdiction: VILLAGE,
    });
    expect(() => principalOf(claims('village_coordinator', LINGJING))).toThrow();
    expect(() => principalOf(claims('township_officer', VILLAGE))).toThrow();
  });
});

describe('rewards: a coordinator’s patrol report', () => {
  const national = ruleSetById(loadRuleSets(), 'national-2018');
  it('is excluded by how it was filed, with the reason in Chinese in the breakdown', () => {
    expect(exclusionByChannel('coordinator')).toBe('village_coordinator_on_duty');
    for (const channel of ['web', 'sms', 'phone']) expect(exclusionByChannel(channel)).toBeNull();
    const facts: RewardFacts = {
      category: 'major_hazard',
      substantiated: true,
      alreadyKnownToAuthority: false,
      penalty: {
        totalYuan: 1_000_000,
        unitYuan: 1_000_000,
        individualsYuan: 0,
        confiscatedYuan: 0,
        decisionNo: '罚〔2026〕1号',
      },
      receivedAt: '2026-11-02T02:00:00Z',
      jurisdictionCode: LINGJING,
      reporter: {
        realName: true,
        isEmployeeOfUnit: false,
        excludedReason: exclusionByChannel('coordinator'),
        isFirstValidReporter: true,
        jointSignatories: 1,
      },
    };
    const a = computeReward(facts, national);
    expect(a).toMatchObject({ determination: 'ineligible', amountYuan: null, failedCheck: 'not_excluded' });
    const line = a.lines.find((l) => l.step === 'not_excluded');
    expect(line?.zh).toBe(`举报人不予奖励：${EXCLUSION_REASONS.village_coordinator_on_duty.zh}`);
  });
});
