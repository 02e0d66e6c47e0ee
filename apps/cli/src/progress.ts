import type { ImportProgress } from '@waymark/plan-import';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

const WIDTH = 30;

/**
 * Shows an import's progress: a bar redrawn in place on a terminal, plain lines (each stage, then every
 * tenth of the writing) when the output is a file or a pipe.
 */
export function progressReporter(stream: ProgressStream): (progress: ImportProgress) => void {
  let lastStage = '';
  let lastTenth = -1;
  return ({ stage, done, total }) => {
    if (stream.isTTY) {
      const filled = total > 0 ? Math.round((done / total) * WIDTH) : WIDTH;
      const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
      stream.write(`\r${stage.padEnd(8)} ${bar} ${done}/${total}\u001b[K${stage === 'done' ? '\n' : ''}`);
      return;
    }
    const tenth = total > 0 ? Math.floor((done / total) * 10) : 10;
    if (stage !== lastStage || (stage === 'writing' && tenth !== lastTenth)) {
      stream.write(`${stage}: ${done}/${total}\n`);
    }
    lastStage = stage;
    lastTenth = tenth;
  };
}
