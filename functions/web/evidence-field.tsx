/**
 * The evidence file field, one component for every form that takes photos or PDFs (the report
 * form, the follow-up page, phone intake, and staff forms such as a coordinator's patrol or
 * re-check). It says what is accepted, shows refused files' reasons, and works without JavaScript
 * (a plain multipart file input); /assets/evidence.js adds a list with "remove" buttons and an
 * upload progress bar. The form around it must be `method="post" enctype="multipart/form-data"`
 * and its path listed in functions/http/uploads.ts.
 */
import { assetHref } from '#functions/assets/hashed.ts';
import { MAX_FILES_PER_SUBMISSION } from '#shared/domain/evidence.ts';
import { type FieldIssue, UnavailableError, ValidationError } from '#shared/errors.ts';
import type { EvidenceSource } from '#shared/repositories/evidence-repository.ts';
import { attachEvidence, type EvidenceDeps, type PreparedEvidence } from '#shared/services/evidence.ts';
import { directUploadsOffered } from './direct-uploads.tsx';

export const EVIDENCE_ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf';

const TEXT = {
  zh: {
    legend: '照片或文件（可选）',
    hint: `最多 ${MAX_FILES_PER_SUBMISSION} 个，每个不超过 10 MB；接受 JPEG、PNG、WebP 照片和 PDF 文件（暂不接受 HEIC，请用“兼容性最佳”格式拍照或截图）。`,
    privacy: '保存前会删除照片里的拍摄位置、手机型号和序列号、拍摄时间等信息；文件名不会保存。',
    again: '如果页面提示有错误，请重新选择文件。',
    choose: '选择照片或文件',
    remove: '移除',
    uploading: '正在上传',
    tooMany: `最多 ${MAX_FILES_PER_SUBMISSION} 个文件`,
    tooLarge: '超过 10 MB，未添加',
    failed: '上传失败，请检查网络后重试。',
    directDone: '照片或文件已上传。系统正在删除其中的拍摄位置等信息，完成后工作人员即可看到。',
    directFailed:
      '举报已提交，但照片或文件没有上传成功。请用上面的案件编号和查询码登录跟进页面，再补充上传。',
  },
  en: {
    legend: 'Photos or files (optional)',
    hint: `Up to ${MAX_FILES_PER_SUBMISSION} files of at most 10 MB each: JPEG, PNG or WebP photos and PDF files (HEIC not yet: set the camera to "Most Compatible" or take a screenshot).`,
    privacy:
      "Before anything is stored, the photo's location, phone model and serial number, time taken and other details are removed; file names are not kept.",
    again: 'If the page shows an error, choose the files again.',
    choose: 'Choose photos or files',
    remove: 'Remove',
    uploading: 'Uploading',
    tooMany: `At most ${MAX_FILES_PER_SUBMISSION} files`,
    tooLarge: 'larger than 10 MB, not added',
    failed: 'The upload failed; check the connection and try again.',
    directDone:
      'The photos or files were uploaded. Their location and other details are being removed; staff see them once that is done.',
    directFailed:
      'The report was sent, but the photos or files were not. Sign in to the follow-up page with the case number and access key above and add them there.',
  },
};

export function EvidenceField(props: {
  lang: 'zh' | 'en';
  errors: FieldIssue[];
  /** The form field carrying the files (repeatable). @default 'file' */
  name?: string;
  legend?: string;
  /** Where the script asks for presigned POSTs: `report` (the reporter API, after filing) or a path. */
  direct?: string;
}) {
  const name = props.name ?? 'file';
  const t = TEXT[props.lang];
  const errors = props.errors.filter((e) => e.field === name);
  const describedBy = [`h-${name}`, `p-${name}`, ...(errors.length ? [`e-${name}`] : [])].join(' ');
  // In AWS the script sends the files straight to S3: presigned POSTs from the reporter API (the
  // report form, with the new case's access key) or from the follow-up session (./direct-uploads.tsx).
  const direct = directUploadsOffered() ? { 'data-direct': props.direct ?? 'report' } : {};
  return (
    <fieldset class="evidence-field" data-evidence data-text={JSON.stringify(t)} {...direct}>
      <legend>{props.legend ?? t.legend}</legend>
      <small id={`h-${name}`}>{t.hint}</small>
      <small id={`p-${name}`}>{t.privacy}</small>
      {errors.length > 0 && (
        <div id={`e-${name}`} class="field-error" role="alert">
          {errors.map((e) => (
            <small class="field-error">{props.lang === 'zh' ? e.zh : e.en}</small>
          ))}
          <small>{t.again}</small>
        </div>
      )}
      <label for={`f-${name}`}>{t.choose}</label>
      <input
        type="file"
        id={`f-${name}`}
        name={name}
        multiple
        accept={EVIDENCE_ACCEPT}
        aria-describedby={describedBy}
        aria-invalid={errors.length ? 'true' : undefined}
        data-evidence-input
      />
      <ul class="evidence-list" data-evidence-list hidden />
      <progress data-evidence-progress max={100} value={0} hidden aria-label={t.uploading} />
      <p class="field-error" data-evidence-status role="status" aria-live="polite" />
      <script src={assetHref('/assets/evidence.js')} defer />
    </fieldset>
  );
}

/** Sentences the evidence forms need beyond the field itself. */
export const evidenceText = {
  zh: {
    noFile: { field: 'file', zh: '请先选择要上传的照片或文件', en: 'Choose a photo or file first' },
    saved: (n: number) => `已保存 ${n} 个照片或文件（已删除其中的位置等信息）。`,
    sectionTitle: '补充照片或文件',
    sectionIntro: '可以随时补充照片或文件。',
    upload: '上传',
  },
  en: {
    noFile: { field: 'file', zh: '请先选择要上传的照片或文件', en: 'Choose a photo or file first' },
    saved: (n: number) => `${n} photo(s) or file(s) saved (location and other details removed).`,
    sectionTitle: 'Add photos or files',
    sectionIntro: 'You can add photos or files at any time.',
    upload: 'Upload',
  },
};

/**
 * Runs the checks of one submission and gathers every field issue they raise (the report's fields
 * and the files'), so the person sees all of them at once. Returns the checks' results.
 */
export async function collectIssues<A, B>(
  first: () => A | Promise<A>,
  second: () => B | Promise<B>,
): Promise<[A, B]> {
  const issues: FieldIssue[] = [];
  const run = async <T,>(f: () => T | Promise<T>) => {
    try {
      return await f();
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      issues.push(...err.issues);
      return undefined;
    }
  };
  const a = await run(first);
  const b = await run(second);
  if (issues.length) throw new ValidationError(issues);
  return [a as A, b as B];
}

/** Attaches prepared files to a case just created (or replayed); returns how many it now holds from this request. */
export async function attachToNewCase(
  deps: EvidenceDeps,
  caseNumber: string,
  prepared: PreparedEvidence[],
  source: EvidenceSource,
  actor?: { kind: 'staff'; staffId: string },
): Promise<number> {
  if (!prepared.length) return 0;
  const stored = await deps.cases.get(caseNumber);
  if (!stored) throw new UnavailableError('case just filed is not readable');
  await attachEvidence(deps, stored.record, prepared, source, actor);
  return prepared.length;
}
