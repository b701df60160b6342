import { describe, expect, it } from 'vitest';
import { linkProgressWriter, progressLine } from './progress.js';

describe('link progress on the command line', () => {
  it('draws the stage in words, a bar and the percentage', () => {
    expect(progressLine({ stage: 'compare', done: 50, total: 200 }, 8)).toMatch(
      /^comparing pairs\s+\[##\.\.\.\.\.\.\]\s+25 %$/,
    );
    expect(progressLine({ stage: 'train', done: 0, total: 0 }, 4)).toMatch(/\[\.\.\.\.\]\s+0 %$/);
    expect(progressLine({ stage: 'writing', done: 2, total: 2 }, 4)).toMatch(/\[####\] 100 %$/);
  });

  it('redraws one line on a terminal and writes a line per stage elsewhere', () => {
    const written = (isTTY: boolean) => {
      const out: string[] = [];
      const stream = { isTTY, write: (s: string) => out.push(s) } as unknown as NodeJS.WriteStream;
      const shown = linkProgressWriter(stream);
      shown.update({ stage: 'compare', done: 0, total: 10 });
      shown.update({ stage: 'compare', done: 10, total: 10 });
      shown.update({ stage: 'train', done: 1, total: 4 });
      shown.end();
      return out.join('');
    };
    expect(written(false)).toBe('▸ comparing pairs\n▸ training the model\n');
    const tty = written(true);
    expect(tty.split('\r\u001b[2K')).toHaveLength(5);
    expect(tty).toContain('training the model');
    expect(tty.endsWith('\r\u001b[2K')).toBe(true);
  });
});
