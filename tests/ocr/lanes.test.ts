/** Parallel OCR loops: as many at once as the lanes allow, and the sequential result whatever they are. */
import { beforeEach, describe, expect, test } from '@jest/globals';
import { inLanes, inOrderAhead, OcrLanes } from '../../extractors/ocr/lanes.js';

let lanes: OcrLanes;
beforeEach(() => {
  lanes = new OcrLanes();
});

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Work that records how many calls run at once. */
function gauge() {
  let now = 0;
  const g = {
    max: 0,
    async run<T>(value: T, ms = 5): Promise<T> {
      now++;
      g.max = Math.max(g.max, now);
      await tick(ms);
      now--;
      return value;
    },
  };
  return g;
}

describe('inLanes', () => {
  test('one lane: one item at a time; more lanes: that many at once; results in item order', async () => {
    const items = [5, 1, 4, 2, 3];
    const one = gauge();
    expect(await inLanes(lanes, items, (x) => one.run(x * 10, x))).toEqual([50, 10, 40, 20, 30]);
    expect(one.max).toBe(1);
    lanes.set(3);
    const three = gauge();
    expect(await inLanes(lanes, items, (x) => three.run(x * 10, x))).toEqual([50, 10, 40, 20, 30]);
    expect(three.max).toBe(3);
  });

  test('lanes lent while an item runs start the next item at once', async () => {
    const g = gauge();
    const started: number[] = [];
    const t0 = performance.now();
    const done = inLanes(lanes, [1, 2], (x) => {
      started.push(performance.now() - t0);
      return g.run(x, 60);
    });
    await tick(5);
    lanes.set(2);
    await done;
    expect(g.max).toBe(2);
    expect(started[1]).toBeLessThan(50); // not after the first item's 60 ms
  });

  test("a failure stops further items and throws the earliest failed item's error", async () => {
    lanes.set(2);
    const started: number[] = [];
    const run = inLanes(lanes, [0, 1, 2, 3, 4, 5], async (x) => {
      started.push(x);
      // item 2 fails late, item 3 fails early: a sequential loop would have met item 2's first
      await tick(x === 2 ? 30 : 5);
      if (x === 2 || x === 3) throw new Error(`item ${x}`);
      return x;
    });
    await expect(run).rejects.toThrow('item 2');
    expect(started).not.toContain(5);
    expect(await inLanes(lanes, [], async () => 1)).toEqual([]);
  });
});

describe('OcrLanes', () => {
  test('at least one lane, whole numbers; listeners hear each change once, and stop when asked', () => {
    const l = new OcrLanes(0);
    expect(l.count).toBe(1);
    const heard: [number, number][] = [];
    const stop = l.onChange((count, before) => heard.push([count, before]));
    l.set(3.7);
    l.set(3);
    l.set(1);
    stop();
    l.set(2);
    expect(heard).toEqual([
      [3, 1],
      [1, 3],
    ]);
    expect(l.count).toBe(2);
  });
});

describe('inOrderAhead', () => {
  /**
   * Each item takes the tokens it claims from a shared list; an item claims
   * what the items before it left. Item 1 and item 2 both claim token 'b'.
   */
  async function claim(n: number) {
    lanes.set(n);
    const items = [
      { id: 0, wants: ['a'] },
      { id: 1, wants: ['b', 'c'] },
      { id: 2, wants: ['b', 'd'] },
      { id: 3, wants: ['e'] },
    ];
    let pool = ['a', 'b', 'c', 'd', 'e'];
    const taken: string[][] = [];
    let works = 0;
    const g = gauge();
    await inOrderAhead(lanes, items, {
      inputOf: (item) => pool.filter((t) => item.wants.includes(t)),
      same: (a, b) => a.join() === b.join(),
      work: (_item, input) => {
        works++;
        return g.run(
          input.map((t) => t.toUpperCase()),
          10,
        );
      },
      commit: (_item, input, result) => {
        pool = pool.filter((t) => !input.includes(t));
        taken.push(result);
      },
    });
    return { taken, works, max: g.max };
  }

  test('gives the sequential result: an item whose input changed while read ahead is done again', async () => {
    const seq = await claim(1);
    expect(seq).toEqual({ taken: [['A'], ['B', 'C'], ['D'], ['E']], works: 4, max: 1 });
    const par = await claim(3);
    expect(par.taken).toEqual(seq.taken);
    expect(par.max).toBeGreaterThan(1);
    // item 2 was read ahead with 'b', which item 1 took: read again
    expect(par.works).toBe(5);
  });

  test('a slow item does not hold up the lanes: the items after it are read meanwhile, still committed in order', async () => {
    lanes.set(2);
    const g = gauge();
    const startedAt: number[] = [];
    const committed: number[] = [];
    const t0 = performance.now();
    await inOrderAhead(lanes, [0, 1, 2, 3, 4], {
      inputOf: () => 0,
      same: () => true,
      work: (x) => {
        startedAt[x] = performance.now() - t0;
        return g.run(x, x === 0 ? 150 : 10);
      },
      commit: (x) => committed.push(x),
    });
    expect(committed).toEqual([0, 1, 2, 3, 4]);
    expect(g.max).toBe(2);
    expect(Math.max(...startedAt)).toBeLessThan(120); // all begun while item 0 ran
  });

  test("a failing item's error is thrown at its turn", async () => {
    lanes.set(2);
    const committed: number[] = [];
    const run = inOrderAhead(lanes, [0, 1, 2], {
      inputOf: () => 0,
      same: () => true,
      work: async (x) => {
        await tick(5);
        if (x === 1) throw new Error('item 1');
        return x;
      },
      commit: (x) => committed.push(x),
    });
    await expect(run).rejects.toThrow('item 1');
    expect(committed).toEqual([0]);
  });
});
