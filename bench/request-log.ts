/** Pure measures over a recorded request log. */

/** The largest set of pairwise non-overlapping intervals (classic interval scheduling). */
export function sequentialDepth(intervals: readonly { startedAt: number; endedAt: number }[]): number {
  let depth = 0;
  let freeFrom = -Infinity;
  for (const interval of [...intervals].sort((a, b) => a.endedAt - b.endedAt)) {
    if (interval.startedAt >= freeFrom) {
      depth += 1;
      freeFrom = interval.endedAt;
    }
  }
  return depth;
}
