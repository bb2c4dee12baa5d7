/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal (never in CI logs or
 * when piped) and at most ten times a second.
 */
export function terminalProgressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  if (!stream.isTTY) return { update: (_done: number, _total: number) => {}, done: () => {} };
  let lastDrawn = 0;
  const width = 30;
  const draw = (done: number, total: number) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(fraction * width);
    const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
    stream.write(
      `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${mb(done)}/${mb(total)} MB`,
    );
  };
  return {
    update(done: number, total: number) {
      const now = Date.now();
      if (now - lastDrawn < 100 && done < total) return;
      lastDrawn = now;
      draw(done, total);
    },
    done() {
      if (lastDrawn > 0) stream.write('\r\u001b[2K');
    },
  };
}
