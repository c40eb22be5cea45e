/**
 * The officer's side of a village re-check (复查): the fields of `request_recheck` and
 * `reject_rectification` inside the case page's action forms, and the re-check as it stands
 * (summary, the coordinator's result, note and photos) for the officer to confirm or reject with.
 */

import type { Lang } from '#functions/web/i18n.ts';
import type { CaseRecord } from '#shared/domain/case.ts';
import type { Action } from '#shared/domain/lifecycle/index.ts';
import { shanghaiDateTime } from '#shared/domain/shanghai-time.ts';
import type { EvidenceItem } from '#shared/repositories/evidence-repository.ts';
import type { EvidenceSummary } from '#shared/services/evidence.ts';
import { EvidenceThumbs } from './evidence-section.tsx';

export const RECHECK_STATUS_LABELS = {
  requested: { zh: '待复查', en: 'Awaiting re-check' },
  recorded: { zh: '已复查，待确认', en: 'Re-checked, awaiting your decision' },
  confirmed: { zh: '整改已确认', en: 'Rectification confirmed' },
  rejected: { zh: '整改不合格', en: 'Rectification rejected' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
} as const;

export const RECHECK_RESULT_LABELS = {
  rectified: { zh: '已整改到位', en: 'Rectified' },
  not_rectified: { zh: '未整改到位', en: 'Not rectified' },
} as const;

const T = {
  zh: {
    summary: '隐患情况（写给村安全员，不要照抄举报内容）',
    unitName: '单位名称',
    village: '村（社区）',
    chooseVillage: '请选择村（社区）',
    reason: '理由',
    deadline: '新的整改期限',
    recheck: '村安全员复查',
    result: '复查结果',
    note: '复查情况',
    recordedAt: '复查时间',
    photos: '复查照片',
  },
  en: {
    summary: 'The hazard, for the village coordinator (not the report’s wording)',
    unitName: 'Unit',
    village: 'Village',
    chooseVillage: 'Choose the village',
    reason: 'Reason',
    deadline: 'New rectification deadline',
    recheck: 'Village re-check',
    result: 'Result',
    note: 'What the coordinator found',
    recordedAt: 'Re-checked at',
    photos: 'Re-check photos',
  },
};

/** The fields of the re-check actions' forms (the surrounding form is ActionForms'). */
export function RecheckFields(props: {
  action: Action;
  lang: Lang;
  unitName?: string;
  villages?: { code: string; name: string }[];
  villageCode?: string;
}) {
  const t = T[props.lang];
  const id = (f: string) => `a-${props.action}-${f}`;
  if (props.action === 'request_recheck')
    return (
      <>
        <label for={id('summary')}>
          {t.summary}
          <textarea id={id('summary')} name="summary" rows={3} required maxlength={1000} />
        </label>
        <label for={id('unitName')}>
          {t.unitName}
          <input
            id={id('unitName')}
            name="unitName"
            type="text"
            required
            maxlength={100}
            value={props.unitName ?? ''}
          />
        </label>
        {props.villages && props.villages.length > 0 && (
          <label for={id('villageCode')}>
            {t.village}
            <select id={id('villageCode')} name="villageCode" required>
              {!props.villageCode && <option value="">{t.chooseVillage}</option>}
              {props.villages.map((v) => (
                <option value={v.code} selected={v.code === props.villageCode}>
                  {v.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </>
    );
  if (props.action === 'reject_rectification')
    return (
      <>
        <label for={id('reason')}>
          {t.reason}
          <textarea id={id('reason')} name="reason" rows={2} required maxlength={4000} />
        </label>
        <label for={id('deadline')}>
          {t.deadline}
          <input id={id('deadline')} name="deadline" type="date" required />
        </label>
      </>
    );
  return null;
}

/**
 * The photos the coordinator took for the case's current re-check: files they added with a
 * re-check since it was asked for (an earlier, rejected re-check's photos stay in the case's
 * files but are not this one's).
 */
export function recheckPhotos(
  record: CaseRecord,
  items: Pick<EvidenceItem, 'id' | 'source' | 'at'>[],
  summaries: EvidenceSummary[],
): EvidenceSummary[] {
  const since = record.recheck?.requestedAt;
  if (!since) return [];
  const ids = new Set(items.filter((i) => i.source === 'recheck' && i.at >= since).map((i) => i.id));
  return summaries.filter((s) => ids.has(s.id) && !s.purged);
}

/** The re-check as it stands, on the officer's case page. */
export function RecheckSummary(props: {
  lang: Lang;
  record: CaseRecord;
  villageName?: string;
  photos?: EvidenceSummary[];
}) {
  const r = props.record.recheck;
  if (!r) return null;
  const t = T[props.lang];
  const at = (iso: string) => shanghaiDateTime(iso);
  return (
    <section id="recheck" aria-labelledby="recheck-title">
      <h2 id="recheck-title">{t.recheck}</h2>
      <dl>
        <dt>{props.lang === 'zh' ? '状态' : 'Status'}</dt>
        <dd id="recheck-status">{RECHECK_STATUS_LABELS[r.status][props.lang]}</dd>
        <dt>{t.village}</dt>
        <dd>{props.villageName ?? r.villageCode}</dd>
        {r.result && (
          <>
            <dt>{t.result}</dt>
            <dd id="recheck-result">{RECHECK_RESULT_LABELS[r.result][props.lang]}</dd>
          </>
        )}
        {r.note && (
          <>
            <dt>{t.note}</dt>
            <dd>{r.note}</dd>
          </>
        )}
        {r.recordedAt && (
          <>
            <dt>{t.recordedAt}</dt>
            <dd>{at(r.recordedAt)}</dd>
          </>
        )}
        {props.photos && props.photos.length > 0 && (
          <>
            <dt>{t.photos}</dt>
            <dd>
              <EvidenceThumbs
                lang={props.lang}
                caseNumber={props.record.caseNumber}
                items={props.photos}
                id="recheck-photos"
              />
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
