/**
 * Evidence files the tests make themselves: photos carrying what a phone writes (GPS position,
 * camera make/model/serial, times, XMP, an ICC profile, comments, PNG text chunks) and a PDF with
 * document information and XMP — so each test knows exactly what must disappear.
 */
import { crc32 } from 'node:zlib';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import sharp from 'sharp';

export const PLANTED = {
  make: 'PlantedMakeCo',
  model: 'PlantedModel-X9',
  serial: 'SN-PLANTED-778899',
  software: 'PlantedCam 1.0',
  comment: 'planted comment 秘密',
  xmp: 'planted-xmp-creator',
  pngText: 'planted png text 举报人家',
  pdfAuthor: 'Planted Author 王小明',
  pdfXmp: 'planted-pdf-xmp',
};

/** EXIF as a phone writes it: GPS at 34.1°N 113.8°E (Xuchang), camera and serial, times. */
const EXIF = {
  IFD0: {
    Make: PLANTED.make,
    Model: PLANTED.model,
    Software: PLANTED.software,
    DateTime: '2026:11:30 08:15:00',
  },
  IFD2: {
    BodySerialNumber: PLANTED.serial,
    DateTimeOriginal: '2026:11:30 08:15:00',
    UserComment: PLANTED.comment,
  },
  IFD3: {
    GPSLatitudeRef: 'N',
    GPSLatitude: '34/1 7/1 30/1',
    GPSLongitudeRef: 'E',
    GPSLongitude: '113/1 49/1 12/1',
  },
};

const XMP = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${PLANTED.xmp}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

/** A noisy picture (so it does not compress to nothing) of about `targetBytes` as JPEG. */
async function pixels(width: number, height: number, seed = 1) {
  const raw = Buffer.alloc(width * height * 3);
  let x = seed * 2654435761;
  for (let i = 0; i < raw.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    raw[i] = (x >>> 16) & 0xff;
  }
  return sharp(raw, { raw: { width, height, channels: 3 } });
}

/** Inserts a JPEG segment (marker, payload) right after SOI. */
function insertJpegSegment(jpeg: Buffer, marker: number, payload: Buffer): Buffer {
  const len = Buffer.alloc(2);
  len.writeUInt16BE(payload.length + 2);
  return Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, marker]), len, payload, jpeg.subarray(2)]);
}

/** A JPEG with EXIF (GPS, make/model/serial, times), XMP, ICC, IPTC, a comment and trailing bytes. */
export async function jpegWithMetadata(opts: { width?: number; height?: number; seed?: number } = {}) {
  const img = await pixels(opts.width ?? 64, opts.height ?? 48, opts.seed);
  let jpeg: Buffer = await img
    .jpeg({ quality: 95 })
    .withExif(EXIF)
    .withXmp(XMP)
    .withIccProfile('p3')
    .toBuffer();
  jpeg = insertJpegSegment(jpeg, 0xfe, Buffer.from(PLANTED.comment, 'utf8'));
  const iptc = Buffer.concat([
    Buffer.from('Photoshop 3.0\x008BIM\x04\x04\x00\x00', 'latin1'),
    Buffer.from([0, 0, 0, 12]),
    Buffer.from('\x1c\x02\x50\x00\x07Planted\0', 'latin1'),
  ]);
  jpeg = insertJpegSegment(jpeg, 0xed, iptc);
  return Buffer.concat([jpeg, Buffer.from(`trailing ${PLANTED.serial}`)]);
}

/** A photo of about `megabytes` MB (noise compresses badly), with the same metadata. */
export async function bigJpeg(megabytes: number, seed = 7) {
  const side = Math.round(Math.sqrt((megabytes * 1024 * 1024) / 0.75));
  return jpegWithMetadata({ width: side, height: Math.round(side * 0.75), seed });
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])));
  return Buffer.concat([head, data, crc]);
}

/** A PNG with tEXt, iTXt, tIME and eXIf chunks (and EXIF from the encoder). */
export async function pngWithMetadata() {
  const png = await (await pixels(40, 30, 3)).png().withExif(EXIF).toBuffer();
  const ihdrEnd = 8 + 12 + png.readUInt32BE(8);
  const extra = Buffer.concat([
    pngChunk('tEXt', Buffer.from(`Comment\0${PLANTED.pngText}`, 'latin1')),
    pngChunk(
      'iTXt',
      Buffer.concat([Buffer.from('Author\0\0\0\0\0', 'latin1'), Buffer.from(PLANTED.pngText, 'utf8')]),
    ),
    pngChunk('tIME', Buffer.from([0x07, 0xea, 11, 30, 8, 15, 0])),
  ]);
  return Buffer.concat([png.subarray(0, ihdrEnd), extra, png.subarray(ihdrEnd)]);
}

export async function webpWithMetadata() {
  return (await pixels(40, 30, 5)).webp().withExif(EXIF).withXmp(XMP).toBuffer();
}

/** A PDF with document information, an XMP metadata stream and an embedded photo with EXIF. */
export async function pdfWithMetadata() {
  const doc = await PDFDocument.create();
  doc.setTitle('Planted title');
  doc.setAuthor(PLANTED.pdfAuthor);
  doc.setCreator(PLANTED.software);
  doc.setProducer(PLANTED.software);
  doc.setKeywords(['planted']);
  const page = doc.addPage([300, 200]);
  page.drawText('Evidence page', { x: 20, y: 150, size: 18 });
  const photo = await doc.embedJpg(await jpegWithMetadata());
  page.drawImage(photo, { x: 20, y: 20, width: 64, height: 48 });
  const xmp = doc.context.stream(XMP.replace(PLANTED.xmp, PLANTED.pdfXmp), {
    Type: 'Metadata',
    Subtype: 'XML',
  });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(xmp));
  page.node.set(PDFName.of('PieceInfo'), doc.context.obj({ Planted: PDFString.of(PLANTED.pdfAuthor) }));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

export const HEIC_HEAD = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]),
  Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'),
  Buffer.alloc(64),
]);
