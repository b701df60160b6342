/**
 * A small HTTP load generator for the benchmarks, run as a child process (so that it does not share the
 * server's event loop): `connections` keep-alive connections, each sending its next request as soon as the
 * last one answered, cycling through the given paths, for `seconds` or `maxRequests`, whichever comes first.
 * With `rate`, requests are instead scheduled at that many per second in all (as visitors arrive, whether or
 * not the server keeps up), at most `connections` at once, and each latency counts from the request's
 * scheduled time, so time spent waiting for a free connection behind a slow answer is counted too.
 * Sends back the count, the elapsed time and the latencies (ms) over IPC.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadJob {
  port: number;
  paths: string[];
  connections: number;
  seconds: number;
  maxRequests: number;
  headers?: Record<string, string>;
  /** Requests per second in all (open loop); unset: each connection sends as fast as answered. */
  rate?: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  elapsed: number;
  latencies: number[];
}

function get(agent: http.Agent, job: LoadJob, path: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get(
      { host: '127.0.0.1', port: job.port, path, agent, headers: job.headers ?? {} },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', () => resolve(0));
  });
}

export async function runLoad(job: LoadJob): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const start = performance.now();
  const deadline = start + job.seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline && next < job.maxRequests) {
      const i = next++;
      const path = job.paths[i % job.paths.length]!;
      let t0 = performance.now();
      if (job.rate) {
        const scheduled = start + (i * 1000) / job.rate;
        if (scheduled >= deadline) break;
        if (scheduled > t0) await new Promise((resolve) => setTimeout(resolve, scheduled - t0));
        t0 = scheduled;
      }
      const status = await get(agent, job, path);
      latencies.push(performance.now() - t0);
      if (status !== 200) errors++;
    }
  };
  await Promise.all(Array.from({ length: job.connections }, loop));
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  return { requests: latencies.length, errors, elapsed, latencies };
}

if (process.send) {
  process.once('message', (job: LoadJob) => {
    void runLoad(job).then((result) => {
      process.send!(result, () => process.exit(0));
    });
  });
}
