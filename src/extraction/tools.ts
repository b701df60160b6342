/**
 * The external programs extraction uses (poppler's pdftotext, pdfinfo and pdftoppm; Tesseract): finding
 * them, their versions (asked once and cached) and running them safely — no shell, a deadline after which
 * the process is killed, output capped, in a scratch directory. Which programs exist can be overridden, so
 * a test can take pdftotext away and exercise the fallback.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { ExtractionError } from './types.js';

export type ToolName = 'pdftotext' | 'pdfinfo' | 'pdftoppm' | 'tesseract';

/** Paths of the tools to use; null means "treat as not installed". Missing names are looked up on PATH. */
export type ToolPaths = Partial<Record<ToolName, string | null>>;

export interface InstalledTool {
  name: ToolName;
  path: string;
  version: string;
}

const TOOL_NAMES: ToolName[] = ['pdftotext', 'pdfinfo', 'pdftoppm', 'tesseract'];

const located = new Map<ToolName, Promise<string | null>>();
const versions = new Map<string, Promise<string>>();
const ocrLanguages = new Map<string, Promise<string[]>>();

/** The absolute path of an executable named `name` on PATH, or null. Cached per process. */
export function locateTool(name: ToolName): Promise<string | null> {
  let found = located.get(name);
  if (!found) {
    found = (async () => {
      for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
        const candidate = join(dir, name);
        try {
          await access(candidate, constants.X_OK);
          return candidate;
        } catch {
          // not in this directory
        }
      }
      return null;
    })();
    located.set(name, found);
  }
  return found;
}

/** The tools to use: those given in `overrides` (null = absent), the rest found on PATH. */
export async function resolveTools(overrides: ToolPaths = {}): Promise<Record<ToolName, string | null>> {
  const entries = await Promise.all(
    TOOL_NAMES.map(async (name) => [
      name,
      name in overrides ? (overrides[name] ?? null) : await locateTool(name),
    ]),
  );
  return Object.fromEntries(entries) as Record<ToolName, string | null>;
}

export interface RunOptions {
  /** Absolute time (Date.now()) after which the process is killed. */
  deadline: number;
  signal?: AbortSignal;
  cwd: string;
  /** Standard output beyond this many bytes is not kept; the process is stopped and `truncated` set. */
  maxOutputBytes: number;
  /** Extra environment variables. */
  env?: Record<string, string>;
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
  exitCode: number | null;
  truncated: boolean;
}

const STDERR_BYTES = 64 * 1024;

/** Milliseconds left before `deadline`; throws 'timeout' when none are. */
export function remaining(deadline: number, what: string): number {
  const left = deadline - Date.now();
  if (left <= 0) throw new ExtractionError('timeout', `extraction ran out of time before ${what}`);
  return left;
}

/**
 * Runs a program without a shell. Killed (SIGKILL) at the deadline → ExtractionError 'timeout'; an abort
 * of `signal` kills it and rejects with the signal's reason.
 */
export function runTool(path: string, args: string[], options: RunOptions): Promise<RunResult> {
  const name = path.split('/').pop() ?? path;
  const left = remaining(options.deadline, `running ${name}`);
  options.signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const child = spawn(path, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let truncated = false;
    let timedOut = false;
    let settled = false;
    const kill = (): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, left);
    const onAbort = (): void => kill();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (error: unknown, result?: RunResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else if (result) resolve(result);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      if (truncated) return;
      const room = options.maxOutputBytes - stdoutBytes;
      if (chunk.length >= room) {
        stdout.push(chunk.subarray(0, room));
        stdoutBytes += room;
        truncated = true;
        kill();
      } else {
        stdout.push(chunk);
        stdoutBytes += chunk.length;
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < STDERR_BYTES)
        stderr += chunk.toString('utf8').slice(0, STDERR_BYTES - stderr.length);
    });
    child.on('error', (error) =>
      finish(new ExtractionError('unsupported', `${name} could not be started (${error.message})`)),
    );
    child.on('close', (code) => {
      if (options.signal?.aborted) return finish(options.signal.reason);
      if (timedOut && !truncated)
        return finish(
          new ExtractionError('timeout', `${name} did not finish within the time limit and was stopped`),
        );
      finish(null, { stdout: Buffer.concat(stdout), stderr, exitCode: code, truncated });
    });
  });
}

/** How long asking a tool for its version or languages may take. */
const QUERY_MS = 15_000;

async function query(path: string, args: string[]): Promise<RunResult> {
  return runTool(path, args, { deadline: Date.now() + QUERY_MS, cwd: '/', maxOutputBytes: 64 * 1024 });
}

/** The version of a tool ('22.12.0' for poppler's, '5.3.0' for Tesseract), 'unknown' if it does not say. Cached. */
export function toolVersion(path: string): Promise<string> {
  let version = versions.get(path);
  if (!version) {
    const isTesseract = /tesseract[^/]*$/.test(path);
    version = query(path, [isTesseract ? '--version' : '-v']).then(
      (result) => {
        const output = `${result.stdout.toString('utf8')}\n${result.stderr}`;
        return /(?:version|tesseract)\s+v?(\d+(?:\.\d+)+[\w.-]*)/i.exec(output)?.[1] ?? 'unknown';
      },
      () => 'unknown',
    );
    versions.set(path, version);
  }
  return version;
}

/** The languages Tesseract has models for ('eng', 'fas', …). Cached. */
export function tesseractLanguages(path: string): Promise<string[]> {
  let languages = ocrLanguages.get(path);
  if (!languages) {
    languages = query(path, ['--list-langs']).then(
      (result) =>
        `${result.stdout.toString('utf8')}\n${result.stderr}`
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => /^[a-z_]{3,}(?:[_-][a-z]+)?$/i.test(line) && line !== 'osd'),
      () => [],
    );
    ocrLanguages.set(path, languages);
  }
  return languages;
}

/** The extraction tools installed here, with their versions (for a status page or `dossier doctor`). */
export async function installedTools(overrides: ToolPaths = {}): Promise<InstalledTool[]> {
  const tools = await resolveTools(overrides);
  const found: InstalledTool[] = [];
  for (const name of TOOL_NAMES) {
    const path = tools[name];
    if (path) found.push({ name, path, version: await toolVersion(path) });
  }
  return found;
}
