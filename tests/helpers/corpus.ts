/**
 * Where the shared corpus is: NIANBAO_CORPUS, else `../shared/corpus` beside
 * the checkout (as on developers' machines and in CI). Tests that need it
 * skip, saying so, when it is absent.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export function corpusDir(): string {
  return process.env.NIANBAO_CORPUS ?? path.resolve(process.cwd(), '../shared/corpus');
}

export function hasCorpus(): boolean {
  return existsSync(corpusDir());
}
