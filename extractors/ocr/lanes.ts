/**
 * How many OCR calls a document may run at once (its lanes), and loops over
 * OCR work that run as many items at once as the lanes allow and give the
 * same result as running them one by one: a record must not depend on how
 * many cores were free. With one lane both are plain sequential loops.
 */

/**
 * The lanes of one extraction, passed in through the extract options: one
 * by default, since a batch runs one process per core. A batch with cores
 * idle at its end lends them to the processes still working (pool.ts) by
 * raising the count while the document is read; loops in progress start
 * more items at once, and the OCR engine starts more workers.
 */
export class OcrLanes {
  #count: number;
  readonly #listeners = new Set<(count: number, before: number) => void>();

  constructor(count = 1) {
    this.#count = OcrLanes.#valid(count);
  }

  static #valid(n: number): number {
    return Math.max(1, Math.floor(n));
  }

  /** How many OCR calls may run at once now. */
  get count(): number {
    return this.#count;
  }

  set(count: number): void {
    const before = this.#count;
    this.#count = OcrLanes.#valid(count);
    if (this.#count !== before) for (const listener of [...this.#listeners]) listener(this.#count, before);
  }

  /** Call `listener` whenever the count changes; returns how to stop. */
  onChange(listener: (count: number, before: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/**
 * `work` over independent items, up to `lanes.count` at once (lanes lent
 * while the loop runs are used at once), results in item
 * order. On failure no further item starts, the ones running finish, and the
 * error of the earliest failed item is thrown: the one a sequential loop
 * would have met first.
 */
export function inLanes<T, R>(lanes: OcrLanes, items: readonly T[], work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  const errors = new Map<number, unknown>();
  let next = 0;
  let running = 0;
  return new Promise((resolve, reject) => {
    // lanes lent while an item runs are used at once, not when it finishes
    const stopListening = lanes.onChange((count, before) => {
      if (count > before) launch();
    });
    const finish = () => {
      stopListening();
      if (errors.size) reject(errors.get(Math.min(...errors.keys())));
      else resolve(results);
    };
    const launch = () => {
      while (!errors.size && next < items.length && running < lanes.count) {
        const i = next++;
        running++;
        work(items[i]!, i)
          .then(
            (r) => {
              results[i] = r;
            },
            (err: unknown) => {
              errors.set(i, err);
            },
          )
          .finally(() => {
            running--;
            launch();
            if (running === 0 && (errors.size || next >= items.length)) finish();
          });
      }
    };
    if (items.length === 0) finish();
    else launch();
  });
}

/** One step of `inOrderAhead`: what an item's work depends on, the work, and how its result is kept. */
export interface OrderedWork<T, I, R> {
  /** The item's input in the current state (what the items before it have left). */
  inputOf(item: T): I;
  same(a: I, b: I): boolean;
  work(item: T, input: I): Promise<R>;
  /** Apply the item's result to the state; items are committed strictly in order. */
  commit(item: T, input: I, result: R): void;
}

/** How far past the item being committed work may start, in lanes: a slow item does not hold the others up. */
const LOOKAHEAD_PER_LANE = 4;

/**
 * Items whose work depends on what the earlier items changed, done in
 * order, with the work of the next ones started ahead (up to `lanes.count`
 * running at once) from the state at that time. When an item's turn comes
 * and its input has changed since, its work is done again: the result is the
 * sequential one. With one lane an item starts only after the one before it
 * is committed.
 */
export async function inOrderAhead<T, I, R>(lanes: OcrLanes, items: readonly T[], steps: OrderedWork<T, I, R>): Promise<void> {
  const ahead = new Map<number, { input: I; result: Promise<R> }>();
  let started = 0;
  let running = 0;
  let turn = 0;
  const pump = () => {
    const n = lanes.count;
    const limit = n === 1 ? turn + 1 : turn + n * LOOKAHEAD_PER_LANE;
    while (started < items.length && started < limit && running < n) {
      const i = started++;
      const input = steps.inputOf(items[i]!);
      const result = steps.work(items[i]!, input);
      running++;
      // Registered before the loop awaits it, so it runs first; also keeps a failure
      // from counting as unhandled until its turn.
      const settled = () => {
        running--;
        pump();
      };
      result.then(settled, settled);
      ahead.set(i, { input, result });
    }
  };
  for (; turn < items.length; turn++) {
    pump();
    const { input, result } = ahead.get(turn)!;
    ahead.delete(turn);
    const now = steps.inputOf(items[turn]!);
    if (steps.same(input, now)) steps.commit(items[turn]!, input, await result);
    else {
      await result.catch(() => undefined);
      steps.commit(items[turn]!, now, await steps.work(items[turn]!, now));
    }
  }
}
