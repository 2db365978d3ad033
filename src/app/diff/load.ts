/** A diff operand: a record JSON file (`.json`), or a source file extracted first. */
import path from 'node:path';
import { NianbaoError } from '../../core/errors.js';
import { extract, readSource } from '../../stages/pipeline.js';
import { ReportRecord } from '../../core/record.js';

export async function loadRecord(p: string): Promise<ReportRecord> {
  const file = path.basename(p);
  if (!/\.json$/i.test(p)) return extract(p);
  let text: string;
  try {
    text = new TextDecoder().decode(await readSource(p, file));
  } catch (err) {
    if (err instanceof NianbaoError) throw err;
    throw new NianbaoError('unreadable', `cannot read the record (${(err as NodeJS.ErrnoException).code ?? err})`, { file, cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new NianbaoError('unreadable', `not valid JSON (${(err as Error).message})`, { file, cause: err });
  }
  const parsed = ReportRecord.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new NianbaoError('unreadable', `not a nianbao record: ${first ? `${first.path.join('.') || '(top level)'}: ${first.message}` : 'schema mismatch'}`, { file });
  }
  return parsed.data;
}
