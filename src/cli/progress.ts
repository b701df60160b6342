import type { LinkProgress, LinkStage } from '../services/linkage.js';

/** Each stage of a link run in words, as the command line shows it. */
export const LINK_STAGE_WORDS: Record<LinkStage, string> = {
  reading: 'reading the registry',
  blocking: 'blocking',
  compile: 'preparing the records',
  compare: 'comparing pairs',
  train: 'training the model',
  predict: 'scoring pairs',
  cluster: 'grouping rows into people',
  writing: 'writing clusters and the review queue',
};

/** One line of a progress bar: stage, bar, percent (`width` is the bar's). */
export function progressLine(p: LinkProgress, width = 30): string {
  const share = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const filled = Math.round(share * width);
  const percent = `${Math.floor(share * 100)} %`.padStart(5);
  return `${LINK_STAGE_WORDS[p.stage].padEnd(38)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent}`;
}

/**
 * Shows a link run's progress on a stream: on a terminal, one bar redrawn in place; elsewhere (a log, a pipe),
 * one line per stage as it starts. `end` clears the bar before the report is printed.
 */
export function linkProgressWriter(stream: NodeJS.WriteStream): {
  update: (p: LinkProgress) => void;
  note: (text: string) => void;
  end: () => void;
} {
  const tty = Boolean(stream.isTTY);
  let stage: LinkStage | undefined;
  let drawn = false;
  const clear = () => {
    if (drawn) stream.write('\r\u001b[2K');
    drawn = false;
  };
  return {
    update(p) {
      if (tty) {
        stream.write(`\r\u001b[2K${progressLine(p)}`);
        drawn = true;
      } else if (p.stage !== stage) {
        stream.write(`▸ ${LINK_STAGE_WORDS[p.stage]}\n`);
      }
      stage = p.stage;
    },
    note(text) {
      clear();
      stream.write(`▸ ${text}\n`);
    },
    end: clear,
  };
}
