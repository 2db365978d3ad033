import type { IngestSummary } from '../../src/app/batch/ingest.js';
import { Progress, fit, fmtDuration, summaryLines } from '../../src/app/batch/progress.js';
import { displayWidth } from '../../normalizers/text.js';

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
  expect(text).toContain('\r\x1b[J');
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

test('on a terminal: the ETA comes from the estimated work, and the files in progress are listed under the status line', () => {
  const s = sink();
  let now = 0;
  const p = new Progress(s, { tty: true, columns: 80, now: () => now });
  p.onEvent({ type: 'walked', total: 4, skipped: [], jobs: { jobs: 2, requested: 2 } });
  p.onEvent({
    type: 'scheduled',
    files: [
      { path: '/scans/big.pdf', kind: 'pdf', work: 20e6 },
      { path: '/scans/other.pdf', kind: 'pdf', work: 30e6 },
      { path: '/scans/third.pdf', kind: 'pdf', work: 10e6 },
      { path: '/web/a.html', kind: 'html', work: 1e6 },
    ],
  });
  p.onEvent({ type: 'started', path: '/scans/big.pdf' });
  p.onEvent({ type: 'started', path: '/scans/other.pdf' });
  expect(p.statusLine()).toContain('ETA after the first document');
  now = 40_000;
  p.onEvent({ type: 'file', path: '/scans/big.pdf', outcome: 'ok', millis: 40_000 });
  p.onEvent({ type: 'started', path: '/scans/third.pdf' });
  now = 50_000;
  // 2 ms per 1000 units, learned from big.pdf: other.pdf and third.pdf have 10 s left each, then a.html takes 2 s
  expect(p.statusLine()).toMatch(/^1\/4  32% of the work · ETA 12s  ok 1/);
  expect(p.progressLines()).toEqual(['  reading /scans/other.pdf (50s of ~1m00s)', '  reading /scans/third.pdf (10s of ~20s)']);
  // the block is redrawn in place: back up over its rows, erase, draw; a failure goes above it, and a
  // file never started leaves the work to do
  s.out.length = 0;
  p.onEvent({ type: 'file', path: '/web/a.html', outcome: 'failed', message: 'bad' });
  const text = s.out.join('');
  // (two rows were drawn last: the status line and other.pdf, before third.pdf started within the same 100 ms)
  expect(text.startsWith('\r\x1b[1A\x1b[Jfailed   /web/a.html: bad\n')).toBe(true);
  expect(text).toContain('  reading /scans/third.pdf');
  expect(p.statusLine()).toMatch(/^2\/4  33% of the work · ETA 10s /);
  p.end();
});

test('a long line fits the terminal: its middle left out, Chinese counted two columns wide', () => {
  expect(fit('  reading /archive/江苏省/淮安市/洪泽区/2023/年度报告.pdf (1s)', 30)).toBe('  reading /arch…报告.pdf (1s)');
  expect(displayWidth(fit('  reading /archive/江苏省/淮安市/洪泽区/2023/年度报告.pdf (1s)', 30))).toBeLessThanOrEqual(30);
  expect(fit('short', 30)).toBe('short');
});

test('durations', () => {
  expect(fmtDuration(42)).toBe('42s');
  expect(fmtDuration(125)).toBe('2m05s');
  expect(fmtDuration(7260)).toBe('2h01m');
});
