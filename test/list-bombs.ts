/**
 * Hostile list files made at test time: ZIP archives written by hand (so that their directories may say
 * what the test wants, true or not) holding the few parts of a workbook. Shared by the reader's tests and
 * bench/list-bombs.ts.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipPart {
  name: string;
  data: Buffer;
  /** Uncompressed size written in the headers; the true size unless the test wants a lie. */
  declaredSize?: number;
  /** Bytes written as the compressed data instead of deflating `data` (with method 8). */
  raw?: Buffer;
}

/** A ZIP archive of the parts, deflated, with local headers, a central directory and its end record. */
export function zipArchive(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const body = part.raw ?? deflateRawSync(part.data, { level: 9 });
    const size = part.declaredSize ?? part.data.length;
    const crc = crc32(part.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const xml = (text: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${text}`);
const SHEET_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/** The parts of a one-sheet workbook around the given sheet XML (and any extra parts). */
export function workbook(sheet: Buffer, extra: ZipPart[] = []): Buffer {
  return zipArchive([
    {
      name: '[Content_Types].xml',
      data: xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="xml" ContentType="application/xml"/></Types>',
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: xml(
        `<workbook xmlns="${SHEET_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
          '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: xml(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
          '</Relationships>',
      ),
    },
    { name: 'xl/worksheets/sheet1.xml', data: sheet },
    ...extra,
  ]);
}

const sheetXml = (rows: string) =>
  xml(`<worksheet xmlns="${SHEET_NS}"><sheetData>${rows}</sheetData></worksheet>`);

/** One sheet part of `megabytes` MB that deflates about a thousand times (whitespace inside the sheet). */
export function expandingWorkbook(megabytes = 40): Buffer {
  const padding = ' '.repeat(megabytes * 2 ** 20);
  return workbook(sheetXml(`<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>${padding}`));
}

/** Three parts each declaring 90 MB at a modest ratio: 270 MB in all (the declared sizes are not true). */
export function oversizedWorkbook(): Buffer {
  const filler = Buffer.alloc(2 ** 20, 1);
  return workbook(sheetXml(''), [
    { name: 'xl/a.xml', data: filler, declaredSize: 90 * 2 ** 20, raw: filler },
    { name: 'xl/b.xml', data: filler, declaredSize: 90 * 2 ** 20, raw: filler },
    { name: 'xl/c.xml', data: filler, declaredSize: 90 * 2 ** 20, raw: filler },
  ]);
}

/** A sheet part that declares 1,000 bytes but inflates to `megabytes` MB. */
export function lyingWorkbook(megabytes = 64): Buffer {
  const sheet = Buffer.concat([sheetXml(''), Buffer.alloc(megabytes * 2 ** 20, 0x20)]);
  return zipArchive([
    { name: '[Content_Types].xml', data: xml('<Types/>') },
    { name: 'xl/worksheets/sheet1.xml', data: sheet, declaredSize: 1000 },
  ]);
}

/** A sheet whose XML nests `depth` elements inside each other. */
export function deepWorkbook(depth = 100_000): Buffer {
  return workbook(sheetXml('<row r="1">' + '<x>'.repeat(depth) + '</x>'.repeat(depth) + '</row>'));
}

/** "Billion laughs": entities defined in terms of each other, ten times over. */
export function laughingWorkbook(): Buffer {
  let doctype = '<!DOCTYPE worksheet [<!ENTITY lol0 "lol">';
  for (let i = 1; i < 10; i++) doctype += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
  doctype += ']>';
  return workbook(
    Buffer.from(
      `<?xml version="1.0"?>${doctype}<worksheet xmlns="${SHEET_NS}"><sheetData><row r="1">` +
        '<c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>',
    ),
  );
}

/** A sheet with a header and one cell at row 1,048,576 (the last row Excel has). */
export function tallWorkbook(): Buffer {
  return workbook(
    sheetXml(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>' +
        '<row r="1048576"><c r="A1048576"><v>1</v></c></row>',
    ),
  );
}

/** A header that reaches column XFD (16,384), the last column Excel has. */
export function wideWorkbook(): Buffer {
  return workbook(
    sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="XFD1"><v>1</v></c></row>'),
  );
}

/** An archive inside the workbook. */
export function nestedArchiveWorkbook(): Buffer {
  return workbook(sheetXml(''), [{ name: 'xl/embeddings/inner.zip', data: zipArchive([]) }]);
}
