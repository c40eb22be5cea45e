/**
 * Evidence files (photos, PDFs): what is accepted and how it is named. Pure: the type of a file is
 * decided by its first bytes (magic numbers), never by its name or the type the browser declared,
 * and staff see "照片 1", never the name the file had on the reporter's phone.
 */
import type { FieldIssue } from '../errors.ts';

/** At most this many files in one submission (the report, a follow-up, a phone intake …). */
export const MAX_FILES_PER_SUBMISSION = 6;
/** Each file at most 10 MB as sent. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** A case holds at most this many files, so one case key cannot be used as free storage. */
export const MAX_FILES_PER_CASE = 30;

export type EvidenceFormat = 'jpeg' | 'png' | 'webp' | 'pdf';
export type EvidenceKind = 'photo' | 'pdf';

export const MIME_OF: Record<EvidenceFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  pdf: 'application/pdf',
};
export const EXTENSION_OF: Record<EvidenceFormat, string> = {
  jpeg: 'jpg',
  png: 'png',
  webp: 'webp',
  pdf: 'pdf',
};
export const kindOf = (format: EvidenceFormat): EvidenceKind => (format === 'pdf' ? 'pdf' : 'photo');

/** What the first bytes say a file is. `heic` and `unknown` are refused, with different reasons. */
export type Sniffed = EvidenceFormat | 'heic' | 'unknown';

const startsWith = (b: Uint8Array, sig: number[], at = 0) =>
  b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

export function sniffFormat(bytes: Uint8Array): Sniffed {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  // PDF: "%PDF-" within the first 1 KB (readers accept leading junk; so do we, and rewrite it away).
  const head = ascii(bytes, 0, Math.min(bytes.length, 1024));
  if (head.includes('%PDF-')) return 'pdf';
  // ISO-BMFF "ftyp" box with a HEIF brand (iPhone photos).
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp') {
    const brand = ascii(bytes, 8, 12);
    if (['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return 'heic';
  }
  return 'unknown';
}

/** Why a file is refused; each has a sentence for the person who sent it. */
export type RefusalReason = 'too_many' | 'too_large' | 'empty' | 'type' | 'heic' | 'unreadable' | 'case_full';

const REASONS: Record<RefusalReason, { zh: string; en: string }> = {
  too_many: {
    zh: `一次最多上传 ${MAX_FILES_PER_SUBMISSION} 个文件`,
    en: `At most ${MAX_FILES_PER_SUBMISSION} files at a time`,
  },
  too_large: { zh: '文件超过 10 MB', en: 'The file is larger than 10 MB' },
  empty: { zh: '文件是空的', en: 'The file is empty' },
  type: {
    zh: '只接受 JPEG、PNG、WebP 照片和 PDF 文件',
    en: 'Only JPEG, PNG and WebP photos and PDF files are accepted',
  },
  heic: {
    zh: '暂不接受 HEIC 格式照片。请在手机上改为 JPEG 后再上传（iPhone：设置 → 相机 → 格式 → 兼容性最佳），或截图后上传截图',
    en: 'HEIC photos are not accepted yet. Change the camera to JPEG (iPhone: Settings → Camera → Formats → Most Compatible) or upload a screenshot',
  },
  unreadable: {
    zh: '文件已损坏或无法读取，无法去除其中的位置等信息，因此没有保存',
    en: 'The file is damaged or cannot be read, so its location and other details could not be removed; it was not kept',
  },
  case_full: {
    zh: `每个案件最多保存 ${MAX_FILES_PER_CASE} 个文件`,
    en: `A case keeps at most ${MAX_FILES_PER_CASE} files`,
  },
};

/** The field issue for a refused file: which one (by its place in the submission) and why. */
export function refusalIssue(reason: RefusalReason, position?: number, field = 'file'): FieldIssue {
  const r = REASONS[reason];
  if (position === undefined) return { field, zh: r.zh, en: r.en };
  return { field, zh: `第 ${position} 个文件：${r.zh}`, en: `File ${position}: ${r.en}` };
}

/** First check of one file, before any bytes are decoded: size, then type by magic number. */
export function checkFile(f: { size: number; head: Uint8Array }): RefusalReason | undefined {
  if (f.size === 0) return 'empty';
  if (f.size > MAX_FILE_BYTES) return 'too_large';
  const sniffed = sniffFormat(f.head);
  if (sniffed === 'heic') return 'heic';
  if (sniffed === 'unknown') return 'type';
  return undefined;
}

/** First check of a submission, before any bytes are decoded: count, size, type by magic number. */
export function checkSubmission(files: { size: number; head: Uint8Array }[]): FieldIssue[] {
  if (files.length > MAX_FILES_PER_SUBMISSION) return [refusalIssue('too_many')];
  const issues: FieldIssue[] = [];
  files.forEach((f, i) => {
    const reason = checkFile(f);
    if (reason) issues.push(refusalIssue(reason, i + 1));
  });
  return issues;
}

/** What a refusal says to the reporter, without a file position (a direct upload's item). */
export const refusalText = (reason: RefusalReason): { zh: string; en: string } => REASONS[reason];

/** The name staff see: 照片 1, 照片 2, 文件 1 … numbered per kind in the order the files came. */
export function evidenceLabels<T extends { kind: EvidenceKind }>(
  items: T[],
  lang: 'zh' | 'en',
): (T & { label: string })[] {
  const counters: Record<EvidenceKind, number> = { photo: 0, pdf: 0 };
  return items.map((item) => {
    counters[item.kind] += 1;
    const n = counters[item.kind];
    const label =
      item.kind === 'photo'
        ? lang === 'zh'
          ? `照片 ${n}`
          : `Photo ${n}`
        : lang === 'zh'
          ? `文件 ${n}（PDF）`
          : `Document ${n} (PDF)`;
    return { ...item, label };
  });
}
