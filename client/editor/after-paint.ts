/**
 * Runs `fn` once the next frame is painted: a task queued from an animation frame runs after that
 * frame's paint. Work that does not change what a keystroke shows (checks, toolbar state, sending
 * the edit) goes here, so the keystroke's own frame is painted first. Returns a function that
 * cancels it.
 *
 * Everything asked for before a frame shares one animation-frame callback and one task: a
 * keystroke asks from a dozen places (each toolbar, the checks, the caret, the socket, the local
 * copy), and a callback of its own each was ~1 ms of every keystroke's frame in a trace.
 */
export function afterNextPaint(fn: () => void): () => void {
  // A wrapper per call: the same function asked for twice runs twice, and each cancel is its own.
  const entry = () => fn();
  waiting.add(entry);
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(() => setTimeout(runWaiting, 0));
  }
  return () => {
    waiting.delete(entry);
  };
}

const waiting = new Set<() => void>();
let scheduled = false;

function runWaiting(): void {
  scheduled = false;
  const due = [...waiting];
  waiting.clear();
  // What these ask for from here waits for the next frame. One failing does not stop the others.
  for (const fn of due) {
    try {
      fn();
    } catch (err) {
      reportError(err);
    }
  }
}
