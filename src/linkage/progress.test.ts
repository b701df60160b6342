import { describe, expect, it } from 'vitest';
import { throttleProgress, type LinkageProgress } from './progress.js';

describe('throttleProgress', () => {
  it('passes the first and last report of every stage and at most one report per interval between', () => {
    let now = 0;
    const heard: LinkageProgress[] = [];
    const report = throttleProgress<'compare' | 'train'>(
      (p) => heard.push(p),
      100,
      () => now,
    );
    report({ stage: 'compare', done: 0, total: 10 });
    for (let done = 1; done <= 10; done++) {
      now += 30;
      report({ stage: 'compare', done, total: 10 });
    }
    report({ stage: 'compare', done: 10, total: 10 });
    report({ stage: 'train', done: 0, total: 3 });
    report({ stage: 'train', done: 3, total: 3 });
    expect(heard).toEqual([
      { stage: 'compare', done: 0, total: 10 },
      { stage: 'compare', done: 4, total: 10 },
      { stage: 'compare', done: 8, total: 10 },
      { stage: 'compare', done: 10, total: 10 },
      { stage: 'train', done: 0, total: 3 },
      { stage: 'train', done: 3, total: 3 },
    ]);
  });

  it('never goes backwards within a stage', () => {
    let now = 0;
    const heard: number[] = [];
    const report = throttleProgress<'compare'>(
      (p) => heard.push(p.done),
      100,
      () => (now += 1000),
    );
    for (const done of [0, 5, 3, 6, 6, 10]) report({ stage: 'compare', done, total: 10 });
    expect(heard).toEqual([0, 5, 6, 10]);
  });
});
