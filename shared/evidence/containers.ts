/**
 * Byte-level readers of the image containers, independent of the encoder that wrote them: they list
 * the metadata a JPEG, PNG or WebP still carries (EXIF, XMP, IPTC, ICC, comments, text chunks), so
 * a stripped file is checked by code that did not strip it. Also strips the APPn/COM segments of a
 * JPEG stream, which PDFs embed as-is (DCTDecode images keep their camera EXIF otherwise).
 */

const u16 = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const u32be = (b: Uint8Array, i: number) =>
  (((b[i] ?? 0) << 24) >>> 0) + (u16(b, i + 2) | ((b[i + 1] ?? 0) << 16));
const u32le = (b: Uint8Array, i: number) =>
  ((b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16) | ((b[i + 3] ?? 0) << 24)) >>> 0;
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

/** PNG chunks that carry only how to draw the pixels; anything else counts as metadata. */
const PNG_PIXEL_CHUNKS = new Set([
  'IHDR',
  'PLTE',
  'IDAT',
  'IEND',
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'bKGD',
  'pHYs',
  'sBIT',
]);
/** WebP chunks that carry only pixels and animation. */
const WEBP_PIXEL_CHUNKS = new Set(['VP8 ', 'VP8L', 'VP8X', 'ALPH', 'ANIM', 'ANMF']);

export class MalformedContainerError extends Error {
  override name = 'MalformedContainerError';
}

/**
 * The metadata blocks a file still holds, by name (`APP1:Exif`, `APP13`, `COM`, `tEXt`, `eXIf`,
 * `EXIF`, `XMP `, …). Empty means only pixel data is left. Throws MalformedContainerError when the
 * structure cannot be walked to its end.
 */
export function metadataBlocks(bytes: Uint8Array, format: 'jpeg' | 'png' | 'webp'): string[] {
  if (format === 'jpeg')
    return jpegSegments(bytes)
      .filter((s) => s.meta)
      .map((s) => s.name);
  if (format === 'png') return pngMetadata(bytes);
  return webpMetadata(bytes);
}

interface JpegSegment {
  marker: number;
  name: string;
  start: number;
  end: number;
  meta: boolean;
}

/** The segments before the image data (SOS); the entropy-coded data after it is not walked. */
function jpegSegments(b: Uint8Array): JpegSegment[] {
  if (b[0] !== 0xff || b[1] !== 0xd8) throw new MalformedContainerError('not a JPEG');
  const out: JpegSegment[] = [];
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) throw new MalformedContainerError('JPEG segment expected');
    const marker = b[i + 1] ?? 0;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xd9) return out; // EOI without image data
    if (marker >= 0xd0 && marker <= 0xd7) {
      i += 2;
      continue;
    }
    const len = u16(b, i + 2);
    if (len < 2 || i + 2 + len > b.length)
      throw new MalformedContainerError('JPEG segment runs past the end');
    const isApp = marker >= 0xe0 && marker <= 0xef;
    let name = `FF${marker.toString(16).toUpperCase()}`;
    if (isApp) {
      const id = ascii(b, i + 4, Math.min(i + 4 + 14, i + 2 + len)).replace(/\0.*$/s, '');
      name = `APP${marker - 0xe0}${id ? `:${id}` : ''}`;
    }
    if (marker === 0xfe) name = 'COM';
    // APP0 "JFIF" says only density; every other APPn (EXIF, XMP, ICC, IPTC, maker data) and COM is metadata.
    const meta =
      marker === 0xfe || (isApp && !(marker === 0xe0 && name.startsWith('APP0:JFIF')) && !(marker === 0xee));
    out.push({ marker, name, start: i, end: i + 2 + len, meta });
    if (marker === 0xda) return out; // start of scan: the image data follows
    i += 2 + len;
  }
  throw new MalformedContainerError('JPEG ends before its image data');
}

/**
 * A JPEG with every APPn segment but JFIF/Adobe and every comment removed, and nothing after its
 * end marker (used inside PDFs).
 */
export function stripJpegSegments(b: Uint8Array): Uint8Array {
  const segments = jpegSegments(b);
  const keep: Uint8Array[] = [b.subarray(0, 2)];
  for (const s of segments) if (!s.meta) keep.push(b.subarray(s.start, s.end));
  const last = segments.at(-1);
  const data = b.subarray(last ? last.end : 2);
  // Entropy-coded data never holds FF D9 (FF is stuffed as FF 00), so the last EOI ends the image.
  const eoi = Buffer.from(data).lastIndexOf(Buffer.from([0xff, 0xd9]));
  if (eoi < 0) throw new MalformedContainerError('JPEG has no end marker');
  keep.push(data.subarray(0, eoi + 2));
  return Buffer.concat(keep);
}

function pngMetadata(b: Uint8Array): string[] {
  const found: string[] = [];
  let i = 8;
  while (i + 8 <= b.length) {
    const len = u32be(b, i);
    const type = ascii(b, i + 4, i + 8);
    if (i + 12 + len > b.length) throw new MalformedContainerError('PNG chunk runs past the end');
    if (!PNG_PIXEL_CHUNKS.has(type)) found.push(type);
    if (type === 'IEND') return found;
    i += 12 + len;
  }
  throw new MalformedContainerError('PNG has no end chunk');
}

function webpMetadata(b: Uint8Array): string[] {
  const found: string[] = [];
  const size = u32le(b, 4) + 8;
  if (size > b.length) throw new MalformedContainerError('WebP shorter than its header says');
  let i = 12;
  while (i + 8 <= size) {
    const type = ascii(b, i, i + 4);
    const len = u32le(b, i + 4);
    if (i + 8 + len > size) throw new MalformedContainerError('WebP chunk runs past the end');
    if (!WEBP_PIXEL_CHUNKS.has(type)) found.push(type);
    i += 8 + len + (len % 2);
  }
  // VP8X flags: ICC (0x20), EXIF (0x08), XMP (0x04) announce metadata chunks.
  if (ascii(b, 12, 16) === 'VP8X' && ((b[20] ?? 0) & 0x2c) !== 0) found.push('VP8X:metadata-flags');
  return found;
}
