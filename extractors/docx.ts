// Placeholder until the docx extractor lands: says so clearly instead of guessing.
import { NianbaoError } from '../src/errors.js';
import type { Layout } from '../src/layout.js';
import type { ExtractorOptions } from './types.js';

export async function extractDocx(_bytes: Uint8Array, options: ExtractorOptions): Promise<Layout> {
  throw new NianbaoError('unsupported-kind', 'docx sources are not supported yet', { file: options.file });
}
