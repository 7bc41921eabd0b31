import { describeParts, median, medianOf, partsOf, timingsOf } from '../../../bench/ui-bench';

/** One load as the page and the frame report it: the frame's clock starts 300 ms after the page's. */
const raw = {
  page: { timeOrigin: 1_000_000, responseStart: 120.4, responseEnd: 180.2, domContentLoaded: 400 },
  frame: {
    timeOrigin: 1_000_300,
    responseEnd: 20,
    domContentLoaded: 150,
    mainJsEnd: 90,
    marks: { 'bench:first-render': 170, 'bench:computed-priority': 260, 'bench:computed-priority-painted': 275 },
    invokes: [
      { start: 175, end: 230, serverTiming: [{ name: 'resolver', duration: 41.6, description: 'priority.view' }] },
      { start: 265, end: 300, serverTiming: [{ name: 'resolver', duration: 20, description: 'comms.view' }] },
    ],
  },
};

describe('the first-panel breakdown (bench/ui-bench.ts)', () => {
  it("moves the frame's times onto the page's clock and picks the view call by its Server-Timing", () => {
    expect(timingsOf(raw, 'priority.view', 640)).toEqual({
      pageFirstByteMs: 120,
      pageHtmlMs: 180,
      pageDomContentLoadedMs: 400,
      frameStartMs: 300,
      frameHtmlMs: 320,
      bundleFetchedMs: 390,
      bundleRunMs: 450,
      firstRenderMs: 470,
      resolverStartMs: 475,
      resolverEndMs: 530,
      resolverServerMs: 42,
      computedPriorityMs: 560,
      computedPriorityPaintedMs: 575,
      seenByPlaywrightMs: 640,
    });
    expect(timingsOf(raw, 'comms.view', 640).resolverServerMs).toBe(20);
  });

  it('splits the time into parts that add up to the time until the priority is painted', () => {
    const parts = partsOf(timingsOf(raw, 'priority.view', 640));
    expect(parts).toEqual({ page: 300, frame: 20, bundle: 150, resolver: 55, resolverServer: 42, render: 45, inPage: 575 });
    // Between the first render and the resolver call the app waits (here 5 ms): the parts leave it out.
    expect(parts.page + parts.frame + parts.bundle + parts.resolver + parts.render).toBe(parts.inPage - 5);
    expect(describeParts(parts, timingsOf(raw, 'priority.view', 640))).toContain('resolver 55 ms');
  });

  it('refuses a load whose frame made no view call or set no marks, rather than reporting zeros', () => {
    expect(() => timingsOf(raw, 'priority.apply', 640)).toThrow('no priority.apply call');
    expect(() => timingsOf({ ...raw, frame: { ...raw.frame, marks: {} } }, 'priority.view', 640)).toThrow(
      'no first-render, computed-priority or painted mark',
    );
  });

  it('takes the median per field, so one slow run does not move it', () => {
    expect(median([5, 1, 900])).toBe(5);
    expect(median([1, 2, 3, 10])).toBe(2.5);
    expect(
      medianOf([
        { a: 1, b: 10 },
        { a: 3, b: 1000 },
        { a: 2, b: 20 },
      ]),
    ).toEqual({ a: 2, b: 20 });
  });
});
