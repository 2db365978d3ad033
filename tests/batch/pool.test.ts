/** The extraction processes' Node options. */
import { childExecArgv } from '../../src/app/batch/pool.js';

test('the garbage collector keeps its helper threads only when a core is left over', () => {
  expect(childExecArgv(1, 2, 512)).toEqual(['--max-old-space-size=512']);
  expect(childExecArgv(2, 2, 512)).toEqual(['--max-old-space-size=512', '--single-threaded-gc']);
  expect(childExecArgv(4, 2, 2048)).toContain('--single-threaded-gc');
  expect(childExecArgv(3, 8, 2048)).not.toContain('--single-threaded-gc');
});
