import type { IngestSummary } from '../../src/app/batch/ingest.js';
import { Progress, fmtDuration, summaryLines } from '../../src/app/batch/progress.js';

const sink = () => {
  const out: string[] = [];
  return { out, write: (s: string) => out.push(s) };
};

test('on a terminal: one line redrawn in place, failures printed above it', () => {
  const s = sink();
  const p = new Progress(s, { tty: true, columns: 200 });
  p.onEvent({ type: 'walked', total: 3, skipped: [], jobs: { jobs: 2, requested: 2 } });
  p.onEvent({ type: 'file', path: '/a.pdf', outcome: 'ok', millis: 10 });
  p.onEvent({ type: 'file', path: '/b.pdf', outcome: 'failed', message: 'the PDF is damaged' });
  p.onEvent({ type: 'file', path: '/c.pdf', outcome: 'warnings' });
  const text = s.out.join('');
  expect(text).toContain('\r\x1b[2K');
  expect(text).toContain('failed   /b.pdf: the PDF is damaged\n');
  expect(p.statusLine()).toMatch(/^3\/3 .*ok 1 · warnings 1 · errors 0 · failed 1/);
  expect(text.split('\n').filter((l) => l.includes('/a.pdf'))).toHaveLength(0); // ok files only move the bar
});

test('not a terminal: one plain line per document extracted, none for unchanged ones', () => {
  const s = sink();
  const p = new Progress(s, { tty: false });
  p.onEvent({ type: 'walked', total: 12, skipped: [], jobs: { jobs: 2, requested: 2 } });
  p.onEvent({ type: 'file', path: '/a.pdf', outcome: 'unchanged' });
  p.onEvent({ type: 'file', path: '/b.pdf', outcome: 'errors', millis: 1500 });
  expect(s.out.join('')).not.toContain('\x1b');
  expect(s.out).toContain('[ 2/12] errors   /b.pdf (1.5 s)\n');
  expect(s.out.join('')).not.toContain('/a.pdf');
});

test('the summary names skipped reasons, failures and, when stopped, how to resume', () => {
  const summary: Omit<IngestSummary, 'profile'> = {
    total: 10,
    skipped: [
      { path: '/x.doc', reason: 'legacy Word: convert to .docx' },
      { path: '/y.doc', reason: 'legacy Word: convert to .docx' },
    ],
    counts: { ok: 3, warnings: 1, errors: 0, failed: 1, unchanged: 2, duplicate: 0, unreadable: 0, abandoned: 1 },
    notReached: 2,
    failures: [{ path: '/bad.pdf', code: 'truncated', message: 'the PDF is damaged or truncated' }],
    elapsedMs: 4000,
    peakRssBytes: 0,
    stopped: 'finish',
  };
  const text = summaryLines(summary, { db: 'nianbao.sqlite', resumeCommand: 'nianbao ingest archive/' }).join('\n');
  expect(text).toMatch(/10 files in 4s \(1\.25 documents\/s extracted\)/);
  expect(text).toContain('2 × legacy Word: convert to .docx (e.g. /x.doc)');
  expect(text).toContain('/bad.pdf: [truncated] the PDF is damaged or truncated');
  expect(text).toContain('stopped: 2 files not reached, 1 in progress abandoned');
  expect(text).toContain('to resume, run the same command again: nianbao ingest archive/');
  expect(summaryLines({ ...summary, stopped: false }, { db: 'x', resumeCommand: '' }).join('\n')).not.toContain('resume');
});

test('durations', () => {
  expect(fmtDuration(42)).toBe('42s');
  expect(fmtDuration(125)).toBe('2m05s');
  expect(fmtDuration(7260)).toBe('2h01m');
});
