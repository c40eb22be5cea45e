/**
 * The questionnaire and the village safety coordinator through the real apps on DynamoDB Local:
 * answers stored, filterable and returned to staff; field-level 400s on the API, the web form and
 * phone intake; patrol reports routed to the township with the acceptance clock running; the
 * re-check handed to the village and confirmed by the officer; the coordinator never seeing a
 * citizen's case (404 like unknown) nor its text, channel or messages in any route; no reward.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '#shared/auth/staff.ts';
import { postForm } from '../support/browser-form.ts';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.cleanup();
});

const LINGJING = '411003106';
/** 岗王村委会, a village of 灵井镇; 白家沟村委会 of 神垕镇. */
const GANGWANG = '411003106207';
const OTHER_VILLAGE = '411003106208';
const BAIJIAGOU = '411081103202';

const auth = async (role: StaffRole, jurisdiction: string, id = `${role}@${jurisdiction}`) => ({
  authorization: `Bearer ${await h.tokenFor({ role, jurisdiction, id, name: `${role} ${jurisdiction}` })}`,
});
const officer = () => auth('township_officer', LINGJING, 'officer-lingjing');
const coordinator = () => auth('village_coordinator', GANGWANG, 'coordinator-gangwang');

async function json<T>(res: Response | Promise<Response>): Promise<T> {
  return (await (await res).json()) as T;
}

async function act(headers: Record<string, string>, cn: string, body: Record<string, unknown>) {
  const current = await json<{ case: { version: number } }>(
    h.app.request(`/api/v1/cases/${cn}`, { headers }),
  );
  return h.app.request(`/api/v1/cases/${cn}/transitions`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', 'if-match': `"${current.case.version}"` },
    body: JSON.stringify(body),
  });
}

/** Walks a case to `rectifying` as the 灵井镇 officer. */
async function toRectifying(cn: string) {
  const o = await officer();
  for (const body of [
    { action: 'accept' },
    { action: 'start_verification' },
    { action: 'substantiate', conclusion: '现场查见消防通道堵塞，举报属实。' },
    { action: 'order_rectification', order: '限期清理消防通道', deadline: '2099-01-31' },
  ]) {
    const res = await act(o, cn, body);
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(200);
  }
}

const CITIZEN_TEXT = '岗王村东头的仓库消防通道被货物堵死，晚上还有人在里面住。';

describe('questionnaire answers', () => {
  it('are stored on the case, with hazardType as a plain attribute, and returned to staff', async () => {
    const res = await postJson(
      h.app,
      '/api/v1/reports',
      reportBody({
        location: { townshipCode: LINGJING },
        answers: { hazardType: 'fire', peopleExposed: 12, workOngoing: 'yes' },
      }),
    );
    expect(res.status).toBe(201);
    const { caseNumber } = await json<{ caseNumber: string }>(res);
    const view = await json<{ case: Record<string, unknown> }>(
      h.app.request(`/api/v1/cases/${caseNumber}`, { headers: await officer() }),
    );
    expect(view.case).toMatchObject({
      answers: { hazardType: 'fire', peopleExposed: 12, workOngoing: 'yes' },
      hazardType: 'fire',
      questionnaireVersion: 1,
    });
    const page = await (
      await h.app.request(`/staff/cases/${caseNumber}`, { headers: await officer() })
    ).text();
    expect(page).toContain('举报人回答的问题');
    expect(page).toContain('火灾/消防');
    expect(page).toContain('12 人');
  });

  it('give field-level 400s in Chinese and write nothing', async () => {
    const res = await postJson(
      h.app,
      '/api/v1/reports',
      reportBody({
        category: 'concealed_accident',
        answers: {
          deathsKnown: -1,
          concealedWhat: ['deaths', 'weather'],
          hazardType: 'fire',
          accidentAt: '2099-01-01',
        },
      }),
    );
    expect(res.status).toBe(400);
    const { error } = await json<{ error: { fields: { field: string; zh: string }[] } }>(res);
    const byField = Object.fromEntries(error.fields.map((f) => [f.field, f.zh]));
    expect(byField['answers.deathsKnown']).toBe('请填写 0 到 1000 之间的整数');
    expect(byField['answers.concealedWhat.1']).toContain('请从');
    expect(byField['answers.hazardType']).toBe('所选类别没有这个问题');
    // The future date is the service's check, after the shape is right.
    const future = await postJson(
      h.app,
      '/api/v1/reports',
      reportBody({ category: 'concealed_accident', answers: { accidentAt: '2099-01-01', deathsKnown: 2 } }),
    );
    expect(future.status).toBe(400);
    expect(JSON.stringify(await future.json())).toContain('事故日期不能晚于今天');
  });

  it('work through the web form without JavaScript: the category button shows its questions', async () => {
    const form = (fields: Record<string, string | string[]>) => {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
      return postForm(h.app, '/report', body);
    };
    const shown = await (
      await form({ category: 'illegal_operation', action: 'questions', lang: 'zh' })
    ).text();
    expect(shown).toMatch(/data-questions-for="illegal_operation"[^>]*>/);
    expect(shown).not.toMatch(/data-questions-for="illegal_operation"[^>]*hidden/);
    expect(shown).toMatch(/data-questions-for="major_hazard general_hazard"[^>]*hidden/);

    const bad = await form({
      category: 'illegal_operation',
      description: '夜里有个黑作坊在生产烟花爆竹，没有任何证照。',
      townshipCode: LINGJING,
      'answers.illegalKind': 'smuggling',
      action: 'submit',
      idempotencyKey: 'web-questionnaire-1',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('请从“属于哪种情况”的选项中选择');

    const ok = await form({
      category: 'illegal_operation',
      description: '夜里有个黑作坊在生产烟花爆竹，没有任何证照。',
      townshipCode: LINGJING,
      'answers.illegalKind': 'unlicensed',
      'answers.operatingTimes': ['night', 'weekends_holidays'],
      action: 'submit',
      idempotencyKey: 'web-questionnaire-2',
    });
    expect(ok.status).toBe(201);
    const cn = /id="case-number">([\d-]+)</.exec(await ok.text())?.[1] as string;
    const view = await json<{ case: Record<string, unknown> }>(
      h.app.request(`/api/v1/cases/${cn}`, { headers: await officer() }),
    );
    expect(view.case).toMatchObject({
      illegalKind: 'unlicensed',
      answers: { illegalKind: 'unlicensed', operatingTimes: ['night', 'weekends_holidays'] },
    });
  });

  it('are validated the same way on phone intake', async () => {
    const op = await auth('operator', '4110', 'operator-xuchang');
    const res = await postJson(
      h.app,
      '/api/v1/cases',
      reportBody({ location: { townshipCode: LINGJING }, answers: { peopleExposed: 'many' } }),
      op,
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('answers.peopleExposed');
  });
});

describe('the village safety coordinator', () => {
  it('files a patrol report that goes straight to the township, clock running, marked and never rewarded', async () => {
    const c = await coordinator();
    const res = await postJson(
      h.app,
      '/api/v1/coordinator/reports',
      {
        category: 'general_hazard',
        description: '巡查发现村东仓库消防通道被货物堵塞，灭火器过期。',
        unitName: '岗王村东仓库',
        address: '村东头',
        answers: { hazardType: 'fire', workOngoing: 'yes' },
      },
      { ...c, 'idempotency-key': 'patrol-0001' },
    );
    expect(res.status).toBe(201);
    const created = await json<Record<string, unknown>>(res);
    expect(created).toMatchObject({ status: 'assigned' });
    expect(created).not.toHaveProperty('accessKey');
    const cn = created.caseNumber as string;

    // A retry with the same key files nothing new.
    const again = await postJson(
      h.app,
      '/api/v1/coordinator/reports',
      {
        category: 'general_hazard',
        description: '巡查发现村东仓库消防通道被货物堵塞，灭火器过期。',
        unitName: '岗王村东仓库',
        address: '村东头',
        answers: { hazardType: 'fire', workOngoing: 'yes' },
      },
      { ...c, 'idempotency-key': 'patrol-0001' },
    );
    expect((await json<{ caseNumber: string }>(again)).caseNumber).toBe(cn);

    const view = await json<{ case: Record<string, unknown> }>(
      h.app.request(`/api/v1/cases/${cn}`, { headers: await officer() }),
    );
    expect(view.case).toMatchObject({
      channel: 'coordinator',
      townshipCode: LINGJING,
      location: { villageCode: GANGWANG, townshipCode: LINGJING },
      coordinator: { staffId: 'coordinator-gangwang', villageCode: GANGWANG },
      due: { period: 'acceptance' },
      hazardType: 'fire',
    });
    const queue = await json<{ cases: { caseNumber: string }[] }>(
      h.app.request('/api/v1/cases', { headers: await officer() }),
    );
    expect(queue.cases.map((x) => x.caseNumber)).toContain(cn);

    const mine = await json<{ reports: { caseNumber: string; status: string }[] }>(
      h.app.request('/api/v1/coordinator/reports', { headers: c }),
    );
    expect(mine.reports).toEqual([expect.objectContaining({ caseNumber: cn, status: 'assigned' })]);
    const own = await h.app.request(`/api/v1/coordinator/reports/${cn}`, { headers: c });
    expect(own.status).toBe(200);

    // Another coordinator, even of the same township, does not see it.
    const neighbour = await auth('village_coordinator', OTHER_VILLAGE, 'coordinator-chenzhuang');
    expect((await h.app.request(`/api/v1/coordinator/reports/${cn}`, { headers: neighbour })).status).toBe(
      404,
    );

    // Substantiated, the reward is excluded whatever the county records, with the reason.
    await toRectifying(cn);
    await h.drainStream();
    const sup = await auth('county_supervisor', '411003', 'supervisor-jianan');
    const r = await json<{ reward: { version: number } }>(
      h.app.request(`/api/v1/cases/${cn}/reward`, { headers: sup }),
    );
    const facts = await h.app.request(`/api/v1/cases/${cn}/reward/facts`, {
      method: 'PUT',
      headers: { ...sup, 'content-type': 'application/json', 'if-match': `"${r.reward.version}"` },
      body: JSON.stringify({
        category: 'general_hazard',
        penalty: {
          totalYuan: 5000,
          unitYuan: 5000,
          individualsYuan: 0,
          confiscatedYuan: 0,
          decisionNo: '许建应急罚〔2026〕9号',
        },
      }),
    });
    expect(facts.status).toBe(200);
    const rewarded = await json<{
      reward: { status: string; answer: { lines: { step: string; zh: string }[] } };
    }>(facts);
    expect(rewarded.reward.status).toBe('not_eligible');
    const line = rewarded.reward.answer.lines.find((l) => l.step === 'not_excluded');
    expect(line?.zh).toContain('村级安全生产协管员履行职责中发现并报告');
  });

  it('re-checks a citizen case handed to the village, seeing only what the officer wrote, and the officer confirms', async () => {
    const filed = await postJson(
      h.app,
      '/api/v1/reports',
      reportBody({
        category: 'general_hazard',
        description: CITIZEN_TEXT,
        unitName: '某某仓储（举报人原话）',
        location: { townshipCode: LINGJING, villageCode: GANGWANG, address: '岗王村东头第三家' },
        answers: { hazardType: 'fire' },
      }),
    );
    const citizen = await json<{ caseNumber: string; accessKey: string }>(filed);
    const cn = citizen.caseNumber;
    await postJson(
      h.app,
      `/api/v1/reports/${cn}/messages`,
      { text: '我是隔壁邻居，可以作证。' },
      {
        'x-access-key': citizen.accessKey,
      },
    );
    const c = await coordinator();

    // Before anything is handed over: 404 everywhere, like an unknown case.
    for (const path of [`/api/v1/cases/${cn}`, `/api/v1/coordinator/reports/${cn}`, `/staff/cases/${cn}`]) {
      expect((await h.app.request(path, { headers: c })).status, path).toBe(
        path.startsWith('/staff') ? 404 : 404,
      );
    }
    expect((await h.app.request('/api/v1/cases/20000101-000000', { headers: c })).status).toBe(404);
    expect((await act(await officer(), cn, { action: 'accept' })).status).toBe(200);
    const stolen = await h.app.request(`/api/v1/cases/${cn}/transitions`, {
      method: 'POST',
      headers: { ...c, 'content-type': 'application/json', 'if-match': '"2"' },
      body: JSON.stringify({ action: 'record_recheck', result: 'rectified', note: '已整改' }),
    });
    expect(stolen.status).toBe(404);

    for (const body of [
      { action: 'start_verification' },
      { action: 'substantiate', conclusion: '举报属实。' },
      { action: 'order_rectification', order: '限期清理', deadline: '2099-02-28' },
    ])
      expect((await act(await officer(), cn, body)).status).toBe(200);
    const ask = await act(await officer(), cn, {
      action: 'request_recheck',
      summary: '仓库消防通道堵塞、灭火器过期，已责令整改。',
      unitName: '岗王村东仓库',
    });
    expect(ask.status).toBe(200);

    const tasks = await json<{ rechecks: Record<string, unknown>[] }>(
      h.app.request('/api/v1/coordinator/rechecks', { headers: c }),
    );
    expect(tasks.rechecks).toHaveLength(1);
    const task = tasks.rechecks[0] as { taskId: string };
    expect(tasks.rechecks[0]).toMatchObject({
      status: 'requested',
      summary: '仓库消防通道堵塞、灭火器过期，已责令整改。',
      unitName: '岗王村东仓库',
      deadline: '2099-02-28',
    });
    // Nothing of the citizen's case reaches the coordinator, in any route they can call.
    const seen = [
      JSON.stringify(tasks),
      await (await h.app.request(`/api/v1/coordinator/rechecks/${task.taskId}`, { headers: c })).text(),
      await (await h.app.request('/staff/coordinator', { headers: c })).text(),
      await (await h.app.request(`/staff/coordinator/rechecks/${task.taskId}`, { headers: c })).text(),
      await (await h.app.request('/api/v1/coordinator/reports', { headers: c })).text(),
    ].join('\n');
    for (const secret of [cn, CITIZEN_TEXT, '举报人原话', '第三家', '隔壁邻居', '"web"', '网页', '短信'])
      expect(seen, secret).not.toContain(secret);
    // Still no way into the case itself.
    expect((await h.app.request(`/api/v1/cases/${cn}`, { headers: c })).status).toBe(404);
    expect((await h.app.request(`/staff/cases/${cn}`, { headers: c })).status).toBe(404);
    // A coordinator of another village (or township) cannot see or answer the task.
    const other = await auth('village_coordinator', BAIJIAGOU, 'coordinator-baijiagou');
    expect(
      (await h.app.request(`/api/v1/coordinator/rechecks/${task.taskId}`, { headers: other })).status,
    ).toBe(404);

    const bad = await postJson(
      h.app,
      `/api/v1/coordinator/rechecks/${task.taskId}`,
      { result: 'maybe', note: '' },
      c,
    );
    expect(bad.status).toBe(400);
    const fields = (await json<{ error: { fields: { field: string; zh: string }[] } }>(bad)).error.fields;
    expect(fields.map((f) => f.zh)).toEqual(['请选择是否已整改到位', '请写下现场看到的情况']);

    const recorded = await postJson(
      h.app,
      `/api/v1/coordinator/rechecks/${task.taskId}`,
      { result: 'rectified', note: '通道已清理，灭火器已更换。' },
      c,
    );
    expect(recorded.status).toBe(200);
    expect((await json<{ recheck: { status: string } }>(recorded)).recheck.status).toBe('recorded');
    const twice = await postJson(
      h.app,
      `/api/v1/coordinator/rechecks/${task.taskId}`,
      { result: 'rectified', note: '再次提交' },
      c,
    );
    expect(twice.status).toBe(409);

    const officerView = await json<{ case: { recheck: { status: string; result: string; note: string } } }>(
      h.app.request(`/api/v1/cases/${cn}`, { headers: await officer() }),
    );
    expect(officerView.case.recheck).toMatchObject({ status: 'recorded', result: 'rectified' });
    expect(
      (await act(await officer(), cn, { action: 'confirm_rectification', note: '据村安全员复查确认。' }))
        .status,
    ).toBe(200);
    const after = await json<{ recheck: { status: string } }>(
      h.app.request(`/api/v1/coordinator/rechecks/${task.taskId}`, { headers: c }),
    );
    expect(after.recheck.status).toBe('confirmed');
  });

  it('is refused every other staff route (403 or 404), and other roles the coordinator routes', async () => {
    const c = await coordinator();
    expect((await h.app.request('/api/v1/cases', { headers: c })).status).toBe(403);
    expect((await h.app.request('/api/v1/rewards?stage=facts', { headers: c })).status).toBe(403);
    const staffHome = await h.app.request('/staff', { headers: c });
    expect(staffHome.status).toBe(303);
    expect(staffHome.headers.get('location')).toContain('/staff/coordinator');
    const intake = await postJson(h.app, '/api/v1/cases', reportBody(), c);
    expect(intake.status).toBe(403);
    const o = await officer();
    expect((await h.app.request('/api/v1/coordinator/rechecks', { headers: o })).status).toBe(403);
    expect((await h.app.request('/staff/coordinator', { headers: o })).status).toBe(403);
  });

  it('a token with a village code for another role, or a coordinator with a township code, is refused', async () => {
    const wrong = await auth('township_officer', GANGWANG);
    expect((await h.app.request('/api/v1/cases', { headers: wrong })).status).toBe(401);
    const wide = await auth('village_coordinator', LINGJING);
    expect((await h.app.request('/api/v1/coordinator/rechecks', { headers: wide })).status).toBe(401);
  });
});
