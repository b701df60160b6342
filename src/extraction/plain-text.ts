/**
 * Plain text files (and CSV, Markdown): decoded from whatever encoding they are in. Only as many bytes as
 * can become `maxChars` characters are read, so a huge text file costs no more memory than a long one.
 */
import { decodeText } from './encoding.js';
import { DOSSIER_VERSION, type ExtractionJob, type RawExtraction } from './job.js';
import { readHead } from './sniff.js';

/** A character takes at most four bytes in any encoding read here. */
const MAX_BYTES_PER_CHAR = 4;

export async function extractPlainText(job: ExtractionJob): Promise<RawExtraction> {
  const length = Math.min(job.size, job.limits.maxChars * MAX_BYTES_PER_CHAR + MAX_BYTES_PER_CHAR);
  const bytes = await readHead(job.path, length);
  const decoded = decodeText(bytes);
  const warnings = [...decoded.warnings];
  if (length < job.size)
    warnings.push(`the text was cut at ${job.limits.maxChars.toLocaleString('en')} characters`);
  return {
    text: decoded.text,
    method: 'text',
    tools: [{ name: 'dossier-text', version: DOSSIER_VERSION }],
    paged: false,
    totalPages: null,
    encoding: decoded.encoding,
    title: null,
    warnings,
  };
}
