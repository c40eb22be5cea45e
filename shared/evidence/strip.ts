/**
 * Removes every piece of metadata from an evidence file before anyone sees or stores it (SPEC §6),
 * then checks the result with readers that did not write it; a file that cannot be stripped and
 * verified is refused, never kept as it came.
 *
 * - Photos are decoded and re-encoded by libvips (`sharp`), turned upright first (the EXIF
 *   orientation is applied to the pixels, since the tag goes). Re-encoding writes pixels only: no
 *   EXIF (GPS, camera make/model/serial, times, thumbnail), XMP, IPTC, ICC profile or comment, and
 *   no bytes appended after the image survive. A thumbnail is made from the stripped image.
 * - PDFs are rebuilt page by page into a new document (pdf-lib): the document information
 *   dictionary, the XMP metadata stream, outlines, attachments, scripts, forms and annotations do
 *   not come along; metadata streams of pages and images are dropped, and embedded JPEG images
 *   lose their EXIF segments. Encrypted or broken PDFs are refused.
 * - Verification: exifr (an independent EXIF/XMP/IPTC/ICC reader) must find nothing in a photo, the
 *   container walker (containers.ts) must find no metadata block, and a PDF must hold no Info or
 *   Metadata entry, no XMP packet and no EXIF segment.
 *
 * The libraries load on first use, so intake without files pays nothing for them.
 */
import { createRequire } from 'node:module';
import { type EvidenceFormat, MAX_FILE_BYTES, type Sniffed, sniffFormat } from '../domain/evidence.ts';
import { MalformedContainerError, metadataBlocks, stripJpegSegments } from './containers.ts';

export interface StrippedFile {
  format: EvidenceFormat;
  bytes: Uint8Array;
  /** A small WebP made from the stripped photo; PDFs have none. */
  thumbnail?: Uint8Array;
  width?: number;
  height?: number;
  pages?: number;
}

/** The file could not be stripped and verified (damaged, encrypted, not what its bytes claimed). */
export class UnstrippableError extends Error {
  override name = 'UnstrippableError';
  constructor(
    readonly reason: 'type' | 'heic' | 'unreadable',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Longest side of a thumbnail, in pixels. */
export const THUMBNAIL_PX = 320;
/** Larger images are refused rather than decoded (a decompression bomb is a few KB). */
const MAX_PIXELS = 60_000_000;
const MAX_PDF_PAGES = 300;

type Sharp = typeof import('sharp').default;
let sharpModule: Sharp | undefined;
/**
 * libvips through `sharp`, pdf-lib and exifr are loaded with `require` on first use: in Lambda they
 * come from a layer (/opt/nodejs/node_modules, on NODE_PATH, which only CommonJS resolution reads),
 * locally from node_modules. The function bundles never contain them, so a request without files
 * loads none of them.
 */
const load = <T>(name: string): T => createRequire(import.meta.url)(name) as T;
const loadSharp = async (): Promise<Sharp> => {
  if (!sharpModule) {
    const s = load<Sharp>('sharp');
    // One image at a time per process: Lambda has one request at a time, and locally this keeps
    // memory flat under concurrent uploads.
    s.concurrency(1);
    s.cache(false);
    sharpModule = s;
  }
  return sharpModule;
};

export async function stripEvidence(input: Uint8Array): Promise<StrippedFile> {
  if (input.length > MAX_FILE_BYTES) throw new UnstrippableError('unreadable', 'too large');
  const sniffed: Sniffed = sniffFormat(input);
  if (sniffed === 'heic') throw new UnstrippableError('heic', 'HEIC is not decoded by this build');
  if (sniffed === 'unknown') throw new UnstrippableError('type', 'not an accepted type');
  const stripped = sniffed === 'pdf' ? await stripPdf(input) : await stripImage(input, sniffed);
  await verifyStripped(stripped);
  return stripped;
}

async function stripImage(input: Uint8Array, format: 'jpeg' | 'png' | 'webp'): Promise<StrippedFile> {
  const sharp = await loadSharp();
  try {
    const image = sharp(input, { failOn: 'warning', limitInputPixels: MAX_PIXELS, animated: false });
    const meta = await image.metadata();
    // The decoder must agree with the magic number: a PNG header on a JPEG body is refused.
    if (meta.format !== format) throw new UnstrippableError('unreadable', `decoder says ${meta.format}`);
    const upright = image.rotate();
    const encoded =
      format === 'jpeg'
        ? upright.jpeg({ quality: 88, mozjpeg: true })
        : format === 'png'
          ? upright.png({ compressionLevel: 6 })
          : upright.webp({ quality: 88 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    const thumbnail = await sharp(data, { failOn: 'warning' })
      .resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 70 })
      .toBuffer();
    return { format, bytes: data, thumbnail, width: info.width, height: info.height };
  } catch (err) {
    if (err instanceof UnstrippableError) throw err;
    throw new UnstrippableError('unreadable', 'image could not be decoded', { cause: err });
  }
}

async function stripPdf(input: Uint8Array): Promise<StrippedFile> {
  const { PDFDocument, PDFName, PDFDict, PDFRawStream, PDFStream } =
    load<typeof import('pdf-lib')>('pdf-lib');
  try {
    const source = await PDFDocument.load(input, { updateMetadata: false, throwOnInvalidObject: true });
    const count = source.getPageCount();
    if (count === 0 || count > MAX_PDF_PAGES) throw new UnstrippableError('unreadable', 'page count');
    const out = await PDFDocument.create({ updateMetadata: false });
    const pages = await out.copyPages(source, source.getPageIndices());
    // Page-level entries that carry metadata or behaviour; the page content and its resources stay.
    const PAGE_DROP = ['Annots', 'AA', 'Metadata', 'PieceInfo', 'StructParents', 'Thumb', 'B'];
    for (const page of pages) {
      for (const key of PAGE_DROP) page.node.delete(PDFName.of(key));
      out.addPage(page);
    }
    const METADATA = PDFName.of('Metadata');
    const PIECE = PDFName.of('PieceInfo');
    const FILTER = PDFName.of('Filter');
    for (const [ref, object] of out.context.enumerateIndirectObjects()) {
      const dict = object instanceof PDFDict ? object : object instanceof PDFStream ? object.dict : undefined;
      if (!dict) continue;
      dict.delete(METADATA);
      dict.delete(PIECE);
      if (dict.get(PDFName.of('Type')) === METADATA) {
        out.context.delete(ref);
        continue;
      }
      // An embedded JPEG keeps its camera EXIF unless its segments are stripped too.
      if (object instanceof PDFRawStream && dict.get(FILTER) === PDFName.of('DCTDecode')) {
        const jpeg = stripJpegSegments(object.contents);
        out.context.assign(ref, PDFRawStream.of(dict, jpeg));
        dict.set(PDFName.of('Length'), out.context.obj(jpeg.length));
      }
    }
    const bytes = await out.save({ useObjectStreams: false, updateFieldAppearances: false });
    return { format: 'pdf', bytes, pages: count };
  } catch (err) {
    if (err instanceof UnstrippableError) throw err;
    throw new UnstrippableError('unreadable', 'PDF could not be rebuilt', { cause: err });
  }
}

/** Entries of a PDF that hold document metadata; none may remain. */
const PDF_FORBIDDEN = [
  '/Info',
  '/Metadata',
  '/Author',
  '/Creator',
  '/Producer',
  '/CreationDate',
  '/ModDate',
  '/Keywords',
  '/Subject',
  '/Title',
  '/EmbeddedFile',
  '/JavaScript',
  '/JS',
  'x:xmpmeta',
  '<?xpacket',
  'Exif\0\0',
  'http://ns.adobe.com/xap/',
];

/** Checks a stripped file with readers that did not produce it; throws when anything is left. */
export async function verifyStripped(file: StrippedFile): Promise<void> {
  const fail = (what: string) => {
    throw new UnstrippableError('unreadable', `metadata left after stripping: ${what}`);
  };
  if (file.format === 'pdf') {
    const text = Buffer.from(file.bytes).toString('latin1');
    for (const needle of PDF_FORBIDDEN) if (text.includes(needle)) fail(needle);
    return;
  }
  try {
    const blocks = metadataBlocks(file.bytes, file.format);
    if (blocks.length) fail(blocks.join(','));
  } catch (err) {
    if (err instanceof MalformedContainerError) fail(err.message);
    throw err;
  }
  const exifr = load<typeof import('exifr').default>('exifr');
  for (const bytes of [file.bytes, file.thumbnail].filter((b): b is Uint8Array => b !== undefined)) {
    const found = await exifr
      .parse(Buffer.from(bytes), {
        tiff: true,
        exif: true,
        gps: true,
        interop: true,
        ifd1: true,
        makerNote: true,
        userComment: true,
        xmp: true,
        iptc: true,
        icc: true,
        jfif: false,
        ihdr: false,
        mergeOutput: true,
      })
      .catch(() => undefined);
    if (found && Object.keys(found).length) fail(Object.keys(found).slice(0, 5).join(','));
  }
}
