/**
 * Whatever a document throws reaches the user as one error of ours, on one
 * line, naming the file: the CLI prints it and the batch stores it.
 */
import { z } from 'zod';
import { NianbaoError } from '../src/core/errors.js';

describe('NianbaoError.from', () => {
  test('an error of ours passes as it is, and takes the file where it named none', () => {
    const ours = new NianbaoError('encrypted', 'the PDF is encrypted');
    expect(NianbaoError.from(ours, 'a.pdf')).toBe(ours);
    expect(ours.describe()).toBe('a.pdf: the PDF is encrypted');
    const named = new NianbaoError('encrypted', 'the PDF is encrypted', { file: 'b.pdf' });
    expect(NianbaoError.from(named, 'a.pdf').file).toBe('b.pdf');
  });

  test('a fault of ours is `internal`, on one line, naming the file, its cause kept', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')\n    at foo (bar.js:1:1)");
    const e = NianbaoError.from(bug, 'report.pdf');
    expect(e).toMatchObject({ code: 'internal', file: 'report.pdf', cause: bug });
    expect(e.describe()).toBe("report.pdf: internal error: Cannot read properties of undefined (reading 'x') at foo (bar.js:1:1)");
    expect(NianbaoError.from('a string thrown', 'x.txt').message).toBe('internal error: a string thrown');
  });

  test('a file the system will not open is unreadable; a record off the schema says where', () => {
    expect(NianbaoError.from(Object.assign(new Error('open failed'), { code: 'EACCES' }), 'x.pdf')).toMatchObject({ code: 'unreadable', message: 'cannot read the file (EACCES)' });
    const schema = z.object({ year: z.number() });
    const parsed = schema.safeParse({ year: 'twenty' });
    const e = NianbaoError.from(parsed.error, 'x.pdf');
    expect(e.code).toBe('internal');
    expect(e.message).toMatch(/^internal error: the record does not match the schema at year: /);
  });
});
