/**
 * Runs `fn` once the next frame is painted: a task queued from an animation frame runs after that
 * frame's paint. Work that does not change what a keystroke shows (checks, toolbar state) goes
 * here, so the keystroke's own frame is painted first. Returns a function that cancels it.
 */
export function afterNextPaint(fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(fn, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
