/**
 * The evidence section of the staff case page: a thumbnail per photo (made from the stripped file
 * when it was stored), a tile per PDF, each opening the full file (an audited view). Labels are
 * 照片 1, 文件 1 — never the name the file had. A separate component so the case page only places it.
 */

import { shanghaiDateTime } from '#shared/domain/shanghai-time.ts';
import type { EvidenceSummary } from '#shared/services/evidence.ts';

const TEXT = {
  zh: {
    title: '照片和文件',
    none: '没有照片或文件。',
    note: '文件已在保存前删除拍摄位置、设备型号等信息。打开原图会记入审计记录。',
    open: '打开',
    purged: '已按保存期限删除',
    pages: (n: number) => `${n} 页`,
  },
  en: {
    title: 'Photos and files',
    none: 'No photos or files.',
    note: 'Location, device and other details were removed before the files were stored. Opening a file is recorded in the audit trail.',
    open: 'Open',
    purged: 'Deleted at the end of retention',
    pages: (n: number) => `${n} page(s)`,
  },
};

const sizeText = (n: number) =>
  n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;

export function EvidenceSection(props: { lang: 'zh' | 'en'; caseNumber: string; items: EvidenceSummary[] }) {
  const t = TEXT[props.lang];
  return (
    <section id="evidence" aria-labelledby="evidence-title">
      <h2 id="evidence-title">{t.title}</h2>
      {props.items.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <>
          <p>
            <small>{t.note}</small>
          </p>
          <EvidenceThumbs lang={props.lang} caseNumber={props.caseNumber} items={props.items} />
        </>
      )}
    </section>
  );
}

/** A thumbnail per photo and a tile per PDF, each opening the full file (an audited view). */
export function EvidenceThumbs(props: {
  lang: 'zh' | 'en';
  caseNumber: string;
  items: EvidenceSummary[];
  id?: string;
}) {
  const t = TEXT[props.lang];
  const base = `/staff/cases/${encodeURIComponent(props.caseNumber)}/evidence`;
  const q = `?lang=${props.lang}`;
  return (
    <ul class="evidence-thumbs" id={props.id}>
      {props.items.map((e) => (
        <li data-evidence-id={e.id}>
          {e.purged ? (
            <div class="evidence-doc">{t.purged}</div>
          ) : (
            <a href={`${base}/${e.id}${q}`} target="_blank" rel="noopener">
              {e.hasThumbnail ? (
                <img
                  src={`${base}/${e.id}/thumbnail`}
                  alt={e.label}
                  loading="lazy"
                  width={144}
                  height={128}
                />
              ) : (
                <span class="evidence-doc">{e.label}</span>
              )}
            </a>
          )}
          <small>
            {e.label} · {sizeText(e.size)}
            {e.pages ? ` · ${t.pages(e.pages)}` : ''} · <time datetime={e.at}>{shanghaiDateTime(e.at)}</time>
          </small>
        </li>
      ))}
    </ul>
  );
}
