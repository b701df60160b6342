/** The stages of a linkage run, in the order `runLinkage` goes through them. */
export const LINKAGE_STAGES = ['blocking', 'compile', 'compare', 'train', 'predict', 'cluster'] as const;
export type LinkageStage = (typeof LINKAGE_STAGES)[number];

/**
 * How far a stage has got. The unit of `done` and `total` depends on the stage: blocking rules (each counted
 * twice: keys, then pairs), records compiled, candidate pairs compared or predicted, training steps (u, each
 * EM session, λ), pairs clustered. Each stage starts at 0 or more and ends with `done === total`.
 */
export interface LinkageProgress<Stage extends string = LinkageStage> {
  stage: Stage;
  done: number;
  total: number;
}

export type ProgressListener<Stage extends string = LinkageStage> = (
  progress: LinkageProgress<Stage>,
) => void;

/**
 * Passes on at most one report per `intervalMs` within a stage, plus the first and the last report of every
 * stage (so a listener always sees a stage begin and end at `done === total`). Reports that would not move a
 * stage forward are dropped, so what the listener sees rises strictly within each stage.
 */
export function throttleProgress<Stage extends string>(
  listener: ProgressListener<Stage>,
  intervalMs = 100,
  clock: () => number = () => performance.now(),
): ProgressListener<Stage> {
  let stage: Stage | undefined;
  let done = -1;
  let sent = -Infinity;
  return (p) => {
    const now = clock();
    const first = p.stage !== stage;
    if (!first && p.done <= done) return;
    if (!first && p.done < p.total && now - sent < intervalMs) return;
    stage = p.stage;
    done = p.done;
    sent = now;
    listener(p);
  };
}

/** Runs a generator of steps (see `blockingSteps`) to its end, in one go, and returns what it returns. */
export function drain<T>(steps: Generator<unknown, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Runs a generator of steps, reporting each step's value and letting the event loop run between steps (so that
 * a server answers its requests, progress requests among them, while a long synchronous stage goes on).
 */
export async function stepwise<T>(
  steps: Generator<number, T, void>,
  onStep?: (done: number) => void,
): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    onStep?.(step.value);
    await breathe();
  }
}

/** Lets the event loop run. */
export function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
