/**
 * Turning the bytes of a text or HTML file into a string. A byte-order mark decides; then valid UTF-8 is
 * UTF-8; then the candidates of a statistical detector (chardet) are each decoded and the one whose words
 * stay within one script wins. Windows-1256 is always a candidate: chardet, trained on Arabic, takes
 * Persian in Windows-1256 for Hebrew, and Persian in that code page is exactly what older Iranian
 * documents are written in.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { guessUtf16, textByteOrder } from './sniff.js';

export interface DecodedText {
  text: string;
  /** The iconv-lite name of the encoding used ('utf-8', 'windows-1256', …). */
  encoding: string;
  warnings: string[];
}

const BOM_LENGTH: Record<string, number> = {
  'utf-8': 3,
  'utf-16le': 2,
  'utf-16be': 2,
  'utf-32le': 4,
  'utf-32be': 4,
};

/** How much of a file the detector looks at. */
const DETECTION_BYTES = 64 * 1024;

/** Valid UTF-8, allowing a sequence cut at the very end (the file may have been read only in part). */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Decodes UTF-8, dropping a sequence cut at the end rather than showing a replacement character. */
function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes, { stream: true });
}

/**
 * How plausible a decoding is, from 0 to 1: the share of words with non-ASCII letters whose letters and
 * marks all belong to one script. A wrong code page mixes scripts inside words ("informaciَn"), leaves
 * C1 control characters or undefined bytes (U+FFFD).
 */
export function decodingCoherence(text: string): number {
  let words = 0;
  let coherent = 0;
  for (const word of text.split(/[\s\p{P}\p{S}\d]+/u)) {
    if (!/\P{ASCII}/u.test(word)) continue;
    words++;
    if (/[\u0080-\u009f\ufffd]/.test(word)) continue;
    const scripts = new Set<string>();
    for (const char of word) {
      if (/\p{Script=Arabic}/u.test(char)) scripts.add('arabic');
      else if (/\p{Script=Latin}/u.test(char)) scripts.add('latin');
      else if (/\p{Script=Cyrillic}/u.test(char)) scripts.add('cyrillic');
      else if (/\p{Script=Greek}/u.test(char)) scripts.add('greek');
      else if (/\p{Script=Hebrew}/u.test(char)) scripts.add('hebrew');
      else if (/\p{L}/u.test(char)) scripts.add('other');
      else if (/\p{M}/u.test(char) && scripts.has('latin')) scripts.add('mark');
    }
    if (scripts.size <= 1) coherent++;
  }
  return words === 0 ? 1 : coherent / words;
}

/** Whether most letters outside ASCII are Arabic-script letters. */
function mostlyArabicScript(text: string): boolean {
  const arabic = text.match(/\p{Script=Arabic}/gu)?.length ?? 0;
  const other = text.match(/[^\p{ASCII}\p{Script=Arabic}]/gu)?.length ?? 0;
  return arabic > 0 && arabic >= 2 * other;
}

function decodeWith(bytes: Uint8Array, encoding: string): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding, {
    stripBOM: false,
  });
}

/** The charset an HTML page declares in a <meta> within its first 1024 bytes, as an iconv-lite name. */
export function declaredHtmlCharset(head: Uint8Array): string | null {
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 1024)).toString('latin1');
  const match =
    /<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9._:-]+)/i.exec(text) ??
    /<meta[^>]+content\s*=\s*["'][^"']*charset\s*=\s*([a-z0-9._:-]+)/i.exec(text);
  const label = match?.[1]?.toLowerCase();
  if (!label) return null;
  // The HTML standard reads these labels as Windows-1252, and a UTF-16 label in an ASCII-compatible page as UTF-8.
  if (['iso-8859-1', 'latin1', 'l1', 'ascii', 'us-ascii', 'iso8859-1', 'cp1252'].includes(label))
    return 'windows-1252';
  if (label.startsWith('utf-16')) return 'utf-8';
  return iconv.encodingExists(label) ? label : null;
}

/**
 * Decodes the bytes of a text file. `declared` is an encoding the container named (an HTML meta charset):
 * trusted when the bytes agree with it. Never throws; a guess is reported among the warnings.
 */
export function decodeText(bytes: Uint8Array, declared: string | null = null): DecodedText {
  const warnings: string[] = [];
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096));
  const bom = textByteOrder(head);
  if (bom) {
    const body = bytes.subarray(BOM_LENGTH[bom] ?? 0);
    return { text: bom === 'utf-8' ? decodeUtf8(body) : decodeWith(body, bom), encoding: bom, warnings };
  }
  if (declared && declared !== 'utf-8' && iconv.encodingExists(declared)) {
    const text = decodeWith(bytes, declared);
    if (decodingCoherence(text.slice(0, DETECTION_BYTES)) >= 0.9)
      return { text, encoding: declared, warnings };
    warnings.push(`the page declares the encoding ${declared}, but its text does not read as ${declared}`);
  }
  if (isUtf8(bytes)) return { text: decodeUtf8(bytes), encoding: 'utf-8', warnings };
  if (declared === 'utf-8') warnings.push('the page declares UTF-8, but its bytes are not valid UTF-8');

  const utf16 = guessUtf16(head);
  if (utf16) return { text: decodeWith(bytes, utf16), encoding: utf16, warnings };

  const sample = bytes.subarray(0, DETECTION_BYTES);
  const detected = chardet
    .analyse(sample)
    .filter((m) => m.confidence > 0 && iconv.encodingExists(m.name) && !/^utf-?8$/i.test(m.name))
    .map((m) => ({ encoding: m.name.toLowerCase(), confidence: m.confidence }));
  const candidates = [...detected];
  for (const fallback of ['windows-1256', 'windows-1252'])
    if (!candidates.some((c) => c.encoding === fallback))
      candidates.push({ encoding: fallback, confidence: 0 });

  let best: { encoding: string; confidence: number; coherence: number; rank: number } | null = null;
  for (const candidate of candidates) {
    const decoded = decodeWith(sample, candidate.encoding);
    const coherence = decodingCoherence(decoded);
    // A clean Arabic-script reading in Windows-1256 beats the detector: Persian is this project's language.
    const arabicBonus = candidate.encoding === 'windows-1256' && mostlyArabicScript(decoded) ? 0.05 : 0;
    const rank = coherence + arabicBonus + candidate.confidence / 1000;
    if (!best || rank > best.rank) best = { ...candidate, coherence, rank };
  }
  const chosen = best ?? { encoding: 'windows-1252', confidence: 0, coherence: 0, rank: 0 };
  if (chosen.coherence < 0.95)
    warnings.push(`the text encoding was guessed as ${chosen.encoding}; some characters may be wrong`);
  return { text: decodeWith(bytes, chosen.encoding), encoding: chosen.encoding, warnings };
}
