/**
 * Optical character recognition with Tesseract: images, and the pages of scanned PDFs once rasterised. Only
 * the wanted languages that have a model installed are used (`tesseract --list-langs`); without Tesseract
 * an image is 'unsupported', with a message saying what to install.
 */
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { imageSize } from './image-size.js';
import type { ExtractionJob, RawExtraction } from './job.js';
import { stripToolBidiControls } from './layout.js';
import { runTool, tesseractLanguages, toolVersion } from './tools.js';
import { ExtractionError, type ToolUse } from './types.js';

export const OCR_NEEDS_TESSERACT =
  'OCR needs Tesseract: install tesseract-ocr with the Persian and English models (tesseract-ocr-fas, tesseract-ocr-eng)';

export interface OcrEngine {
  path: string;
  /** The `-l` argument, e.g. 'fas+eng'. */
  languages: string;
  use: ToolUse;
  warnings: string[];
}

/** Tesseract with the languages to use, or an 'unsupported' error saying what is missing. */
export async function ocrEngine(job: ExtractionJob): Promise<OcrEngine> {
  const path = job.tools.tesseract;
  if (!path) throw new ExtractionError('unsupported', OCR_NEEDS_TESSERACT);
  const installed = await tesseractLanguages(path);
  const usable = job.ocrLanguages.filter((language) => installed.includes(language));
  const missing = job.ocrLanguages.filter((language) => !installed.includes(language));
  if (usable.length === 0)
    throw new ExtractionError(
      'unsupported',
      `OCR needs a Tesseract model for ${job.ocrLanguages.join(' or ')} (e.g. tesseract-ocr-fas); installed: ${installed.join(', ') || 'none'}`,
    );
  const languages = usable.join('+');
  return {
    path,
    languages,
    use: { name: 'tesseract', version: await toolVersion(path), options: `-l ${languages}` },
    warnings: missing.length ? [`OCR ran without the ${missing.join(', ')} model (not installed)`] : [],
  };
}

/**
 * Reads the text of one image file (a multi-page TIFF gives pages separated by \f). `dpi` is passed on for
 * images whose resolution is known (rasterised PDF pages).
 */
export async function recognise(
  job: ExtractionJob,
  engine: OcrEngine,
  image: string,
  dpi?: number,
): Promise<string> {
  const args = [image, 'stdout', '-l', engine.languages];
  if (dpi) args.push('--dpi', String(dpi));
  const result = await runTool(engine.path, args, {
    deadline: job.deadline,
    signal: job.signal,
    cwd: job.workDir,
    maxOutputBytes: job.limits.maxChars * 4,
    // One thread per Tesseract: its OpenMP threads only contend on a small server.
    env: { OMP_THREAD_LIMIT: '1' },
  });
  if (result.exitCode !== 0 && !result.truncated) {
    const reason = result.stderr
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !/^(Estimating resolution|Warning|Detected \d+ diacritics)/i.test(line))
      .pop();
    throw new ExtractionError(
      'malformed',
      `the image could not be read by OCR (${reason ?? `exit ${result.exitCode}`})`,
    );
  }
  return stripToolBidiControls(result.stdout.toString('utf8')).replace(/\f$/, '');
}

/** An image file (PNG, JPEG, TIFF, GIF, WebP, BMP) read by OCR. */
export async function extractImage(job: ExtractionJob): Promise<RawExtraction> {
  const engine = await ocrEngine(job);
  const size = await imageSize(job.path, job.mediaType);
  if (size && size.width * size.height > job.limits.maxPixels)
    throw new ExtractionError(
      'too_large',
      `the image is ${size.width} × ${size.height} pixels; OCR reads images up to ${Math.round(job.limits.maxPixels / 1e6)} megapixels`,
    );
  // Tesseract treats an input named *.txt as a list of images: it gets a link with a safe name instead.
  const extension = job.mediaType.split('/')[1]?.replace(/[^a-z]/g, '') ?? 'img';
  const input = join(job.workDir, `input.${extension}`);
  await symlink(job.path, input);
  const text = await recognise(job, engine, input);
  return {
    text,
    method: 'ocr',
    tools: [engine.use],
    paged: true,
    totalPages: text.split('\f').length,
    encoding: null,
    title: null,
    warnings: [...engine.warnings],
  };
}
