// SPDX-License-Identifier: UNLICENSED
/**
 * A progress bar for long CLI operations, on stderr so stdout stays parseable. On a terminal it redraws
 * one line (`label [#####-----] 50/100 12.3/s`); elsewhere it prints a line at most every 2 s and at the end.
 */
export interface ProgressBar {
  update(done: number, total: number): void;
  finish(): void;
}

export function createProgressBar(stream: NodeJS.WritableStream & { isTTY?: boolean }, label: string, now: () => number = Date.now): ProgressBar {
  const start = now();
  let lastPrint = 0;
  let last = { done: 0, total: 0 };
  const render = (): string => {
    const { done, total } = last;
    const width = 30;
    const filled = total > 0 ? Math.round((done / total) * width) : width;
    const rate = done / Math.max((now() - start) / 1000, 0.001);
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${rate.toFixed(1)}/s`;
  };
  return {
    update(done, total) {
      last = { done, total };
      if (stream.isTTY) stream.write(`\r${render()}`);
      else if (now() - lastPrint >= 2000) {
        lastPrint = now();
        stream.write(`${render()}\n`);
      }
    },
    finish() {
      stream.write(stream.isTTY ? `\r${render()}\n` : `${render()}\n`);
    },
  };
}
