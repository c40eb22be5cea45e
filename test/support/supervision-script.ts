/**
 * The scripted supervision (考核) cases the figure tests share: March 2026 in 建安区 and 禹州市,
 * with known outcomes and clocks (met, missed, extended, transferred, routed late from triage,
 * reopened by objection, a reward computed and approved), filed and moved on through the real
 * app of a harness, and the small helpers that do it (staff tokens, filing, transitions).
 */
import { expect } from 'vitest';
import type { StaffRole } from '#shared/auth/staff.ts';
import { type Harness, postJson, reportBody } from './harness.ts';

export const LINGJING = '411003106';
export const JIANGGUANCHI = '411003100';
export const SHENHOU = '411081103';
export const T0 = Date.parse('2026-03-02T02:00:00Z'); // Monday 10:00 in Shanghai
export const at = (days: number, hours = 0) =>
  new Date(T0 + days * 86_400_000 + hours * 3_600_000).toISOString();

export function supervisionScript(h: Harness) {
  const auth = async (role: StaffRole, jurisdiction: string) => ({
    authorization: `Bearer ${await h.tokenFor({ role, jurisdiction, id: `${role}@${jurisdiction}` })}`,
  });

  async function file(location: Record<string, string>, extra: Record<string, unknown> = {}) {
    const res = await postJson(
      h.app,
      '/api/v1/reports',
      reportBody({ occurredAt: undefined, location, ...extra }),
    );
    expect(res.status).toBe(201);
    return (await res.json()) as { caseNumber: string; accessKey: string };
  }

  async function act(headers: Record<string, string>, cn: string, body: Record<string, unknown>) {
    const version = (await h.deps.cases.get(cn))!.record.version;
    const res = await h.app.request(`/api/v1/cases/${cn}/transitions`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'if-match': `"${version}"` },
      body: JSON.stringify(body),
    });
    expect(res.status, `${body.action}: ${await res.clone().text()}`).toBe(200);
  }

  async function rewardVersion(cn: string, headers: Record<string, string>) {
    const res = await h.app.request(`/api/v1/cases/${cn}/reward`, { headers });
    return ((await res.json()) as { reward: { version: number } }).reward.version;
  }

  /** Files and moves on the scripted cases; leaves the clock at the end of March 2026. */
  async function run() {
    const officer = await auth('township_officer', LINGJING);
    const county = await auth('county_supervisor', '411003');
    const finance = await auth('finance_officer', '411003');
    h.setNow(at(0));
    const A = await file({ countyCode: '411003', townshipCode: LINGJING });
    const B = (await file({ countyCode: '411003', townshipCode: LINGJING })).caseNumber;
    const C = (await file({ countyCode: '411003', townshipCode: LINGJING }, { category: 'general_hazard' }))
      .caseNumber;
    const D = (await file({ countyCode: '411003', townshipCode: LINGJING })).caseNumber;
    const E = (await file({ countyCode: '411003', townshipCode: LINGJING })).caseNumber;
    const G = (await file({ countyCode: '411003', address: 'xyz' })).caseNumber;
    const F = (await file({ countyCode: '411081', townshipCode: SHENHOU })).caseNumber;
    await h.drainStream();

    h.setNow(at(0, 1));
    await act(officer, A.caseNumber, { action: 'accept' });
    await act(officer, C, { action: 'reject', reason: '不属于安全生产举报范围。' });
    await act(officer, D, { action: 'transfer', toTownshipCode: JIANGGUANCHI, reason: '地点在将官池镇。' });
    await act(officer, E, { action: 'accept' });
    await act(await auth('township_officer', SHENHOU), F, { action: 'accept' });
    await act(officer, A.caseNumber, { action: 'start_verification' });
    await act(officer, E, { action: 'start_verification' });
    await act(officer, E, { action: 'request_extension', reason: '需要第三方检测。' });
    await act(county, E, { action: 'approve_extension', days: 30, reason: '检测周期长。' });

    h.setNow(at(2));
    await act(officer, A.caseNumber, { action: 'substantiate', conclusion: '举报属实。' });
    await h.drainStream();
    const facts = {
      category: 'major_hazard',
      penalty: {
        totalYuan: 10_000,
        unitYuan: 10_000,
        individualsYuan: 0,
        confiscatedYuan: 0,
        decisionNo: '许建应急罚〔2026〕3号',
      },
    };
    const put = await h.app.request(`/api/v1/cases/${A.caseNumber}/reward/facts`, {
      method: 'PUT',
      headers: { ...county, 'if-match': `"${await rewardVersion(A.caseNumber, county)}"` },
      body: JSON.stringify(facts),
    });
    expect(put.status, await put.clone().text()).toBe(200);
    const approve = await h.app.request(`/api/v1/cases/${A.caseNumber}/reward/decisions`, {
      method: 'POST',
      headers: { ...finance, 'if-match': `"${await rewardVersion(A.caseNumber, finance)}"` },
      body: JSON.stringify({ action: 'approve' }),
    });
    expect(approve.status, await approve.clone().text()).toBe(200);

    h.setNow(at(3));
    await act(officer, A.caseNumber, { action: 'close', feedback: '经核查属实，已处理。' });
    // Triage: 1 working day, missed; the report moves to 灵井镇.
    await act(county, G, { action: 'assign_township', townshipCode: LINGJING });
    h.setNow(at(4));
    const objection = await postJson(
      h.app,
      `/api/v1/reports/${A.caseNumber}/objection`,
      { reason: '整改不彻底。' },
      { 'x-access-key': A.accessKey },
    );
    expect(objection.status, await objection.clone().text()).toBeLessThan(300);
    h.setNow(at(5));
    await act(county, A.caseNumber, { action: 'review_objection', upheld: true, reason: '重新核查。' });
    // Acceptance 5 working days: missed.
    h.setNow(at(10));
    await act(officer, B, { action: 'accept' });
    // Extended verification (60 + 30 days), met in May.
    h.setNow(at(70));
    await act(officer, E, { action: 'substantiate', conclusion: '属实。' });
    await h.drainStream();
    h.setNow('2026-03-31T04:00:00Z');
    return { A, B, D, E, G };
  }

  return { auth, file, act, run };
}
