/**
 * Running the built command line as a user does, for the benchmarks that measure through it: exit status,
 * output, wall time, and peak memory (from `/usr/bin/time -v`).
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  peakRssMb: number | null;
}

/** Runs `node CLI args…` with `DOSSIER_DATA_DIR` set to `dataDir`. */
export function runCli(cli: string, dataDir: string, args: string[]): CliRun {
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', 'node', cli, ...args], {
    env: { ...process.env, DOSSIER_DATA_DIR: dataDir },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    seconds: (performance.now() - started) / 1000,
    peakRssMb: rss ? Number(rss[1]) / 1024 : null,
  };
}

/** The run, or an error naming what failed with its output. */
export function must(run: CliRun, what: string): CliRun {
  if (run.status !== 0) throw new Error(`${what} failed:\n${run.stdout}\n${run.stderr.slice(0, 4000)}`);
  return run;
}
