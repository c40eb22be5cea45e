/**
 * Stripping on files the test makes itself: after stripping, an independent reader (exifr, and a
 * byte search for every planted value) finds no metadata; broken files are refused, not passed on.
 */
import exifr from 'exifr';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { checkSubmission, evidenceLabels, MAX_FILE_BYTES, sniffFormat } from '#shared/domain/evidence.ts';
import { metadataBlocks } from '#shared/evidence/containers.ts';
import { stripEvidence, UnstrippableError } from '#shared/evidence/strip.ts';
import {
  HEIC_HEAD,
  jpegWithMetadata,
  PLANTED,
  pdfWithMetadata,
  pngWithMetadata,
  webpWithMetadata,
} from '../support/evidence-samples.ts';

const FULL = {
  tiff: true,
  exif: true,
  gps: true,
  ifd1: true,
  xmp: true,
  iptc: true,
  icc: true,
  ihdr: false,
  jfif: false,
  mergeOutput: true,
};
const plantedValues = Object.values(PLANTED);
const containsAny = (bytes: Uint8Array) => {
  const latin = Buffer.from(bytes).toString('latin1');
  const utf = Buffer.from(bytes).toString('utf8');
  return plantedValues.filter((v) => latin.includes(v) || utf.includes(v));
};

describe('evidence stripping', () => {
  it('a JPEG loses GPS, camera serial, times, XMP, ICC, IPTC, comment and trailing bytes', async () => {
    const original = await jpegWithMetadata();
    const before = await exifr.parse(original, FULL);
    expect(before.latitude).toBeCloseTo(34.125, 2);
    expect(before.Make).toBe(PLANTED.make);
    expect(metadataBlocks(original, 'jpeg')).toEqual(
      expect.arrayContaining(['APP1:Exif', 'COM', 'APP13:Photoshop 3.0', 'APP2:ICC_PROFILE']),
    );

    const out = await stripEvidence(original);
    expect(out.format).toBe('jpeg');
    expect(sniffFormat(out.bytes)).toBe('jpeg');
    expect(await exifr.parse(Buffer.from(out.bytes), FULL)).toBeUndefined();
    expect(await exifr.gps(Buffer.from(out.bytes)).catch(() => undefined)).toBeUndefined();
    expect(metadataBlocks(out.bytes, 'jpeg')).toEqual([]);
    expect(containsAny(out.bytes)).toEqual([]);
    expect(Buffer.from(out.bytes).includes(Buffer.from('Exif\0\0'))).toBe(false);
    // Still the same picture, with a thumbnail made from the stripped file.
    expect((await sharp(out.bytes).metadata()).width).toBe(64);
    expect((await sharp(out.thumbnail!).metadata()).format).toBe('webp');
    expect(metadataBlocks(out.thumbnail!, 'webp')).toEqual([]);
  });

  it('a PNG loses its text, time and EXIF chunks', async () => {
    const original = await pngWithMetadata();
    expect(metadataBlocks(original, 'png')).toEqual(expect.arrayContaining(['tEXt', 'iTXt', 'tIME', 'eXIf']));
    const out = await stripEvidence(original);
    expect(metadataBlocks(out.bytes, 'png')).toEqual([]);
    expect(await exifr.parse(Buffer.from(out.bytes), FULL)).toBeUndefined();
    expect(containsAny(out.bytes)).toEqual([]);
  });

  it('a WebP loses EXIF and XMP', async () => {
    const original = await webpWithMetadata();
    expect(metadataBlocks(original, 'webp').length).toBeGreaterThan(0);
    const out = await stripEvidence(original);
    expect(metadataBlocks(out.bytes, 'webp')).toEqual([]);
    // exifr does not read WebP; libvips' own reader is the second opinion here.
    const meta = await sharp(out.bytes).metadata();
    expect([meta.exif, meta.xmp, meta.icc, meta.iptc]).toEqual([undefined, undefined, undefined, undefined]);
    expect(containsAny(out.bytes)).toEqual([]);
  });

  it('a PDF loses document information, XMP, page piece info and the EXIF of its images', async () => {
    const original = await pdfWithMetadata();
    expect(Buffer.from(original).toString('latin1')).toContain('/Author');
    const out = await stripEvidence(original);
    const text = Buffer.from(out.bytes).toString('latin1');
    for (const needle of [
      '/Info',
      '/Metadata',
      '/Author',
      '/Producer',
      '/Creator',
      '/Title',
      '/PieceInfo',
      'xmpmeta',
      'Exif\0\0',
    ])
      expect(text).not.toContain(needle);
    expect(containsAny(out.bytes)).toEqual([]);
    const reread = await PDFDocument.load(out.bytes, { updateMetadata: false });
    expect(reread.getPageCount()).toBe(1);
    expect(reread.getAuthor()).toBeUndefined();
    expect(reread.getTitle()).toBeUndefined();
    expect(out.thumbnail).toBeUndefined();
  });

  it('the same file strips to the same bytes (so a retried upload is recognised)', async () => {
    const original = await jpegWithMetadata({ seed: 9 });
    const [a, b] = await Promise.all([stripEvidence(original), stripEvidence(original)]);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    const pdf = await pdfWithMetadata();
    expect(
      Buffer.from((await stripEvidence(pdf)).bytes).equals(Buffer.from((await stripEvidence(pdf)).bytes)),
    ).toBe(true);
  });

  it('refuses truncated, malformed, disguised and HEIC files with a reason, never passing them through', async () => {
    const jpeg = await jpegWithMetadata();
    const png = await pngWithMetadata();
    const pdf = await pdfWithMetadata();
    const cases: [string, Uint8Array, string][] = [
      ['truncated JPEG', jpeg.subarray(0, Math.floor(jpeg.length / 3)), 'unreadable'],
      ['JPEG header only', jpeg.subarray(0, 20), 'unreadable'],
      ['truncated PNG', png.subarray(0, 60), 'unreadable'],
      ['truncated PDF', pdf.subarray(0, 200), 'unreadable'],
      ['PNG magic on a JPEG body', Buffer.concat([png.subarray(0, 8), jpeg.subarray(2)]), 'unreadable'],
      ['PDF magic, junk after', Buffer.from('%PDF-1.7\n garbage garbage'), 'unreadable'],
      ['text named .jpg', Buffer.from('hello, this is not a photo'), 'type'],
      ['an executable', Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]), 'type'],
      ['HEIC', HEIC_HEAD, 'heic'],
    ];
    for (const [name, bytes, reason] of cases) {
      const err = await stripEvidence(bytes).catch((e: unknown) => e);
      expect(err, name).toBeInstanceOf(UnstrippableError);
      expect((err as UnstrippableError).reason, name).toBe(reason);
    }
  });

  it('checks count, size and type by magic number before decoding', () => {
    const jpegHead = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]);
    expect(checkSubmission([{ size: 10, head: jpegHead }])).toEqual([]);
    expect(checkSubmission(Array.from({ length: 7 }, () => ({ size: 10, head: jpegHead })))[0]!.zh).toContain(
      '最多',
    );
    const issues = checkSubmission([
      { size: 10, head: jpegHead },
      { size: MAX_FILE_BYTES + 1, head: jpegHead },
      { size: 10, head: Buffer.from('MZ') },
      { size: 10, head: HEIC_HEAD },
      { size: 0, head: new Uint8Array() },
    ]);
    expect(issues.map((i) => i.en)).toEqual([
      expect.stringMatching(/^File 2: .*10 MB/),
      expect.stringMatching(/^File 3: Only JPEG/),
      expect.stringMatching(/^File 4: HEIC/),
      expect.stringMatching(/^File 5: .*empty/),
    ]);
  });

  it('labels files for staff by kind and order, never by their name', () => {
    const labels = evidenceLabels([{ kind: 'photo' }, { kind: 'pdf' }, { kind: 'photo' }] as const, 'zh');
    expect(labels.map((l) => l.label)).toEqual(['照片 1', '文件 1（PDF）', '照片 2']);
  });
});
