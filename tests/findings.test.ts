/** One catalogue of findings: every code the pipeline raises is in it, with the severity it is raised at, and the README lists them all. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { FINDING_CODES, names } from '../src/core/findings.js';

const ROOT = path.join(path.dirname(new URL(import.meta.url).pathname), '..');
const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
// the batch's and the store's failure codes name why a document failed, not findings
const PIPELINE = ['src', 'extractors', 'normalizers'].flatMap((d) => sourceFiles(path.join(ROOT, d))).filter((f) => !/src\/app\/(batch|store|commands)\//.test(f));

/** `code: 'a'` or `code: x ? 'a' : 'b'`, with the severity written beside it when there is one. */
function raisedCodes(): { file: string; code: string; severity?: string }[] {
  const out: { file: string; code: string; severity?: string }[] = [];
  for (const file of PIPELINE) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bcode: ([^,\n]*'[a-z]+(?:-[a-z]+)+'[^,\n]*),\s*severity: ([^,\n]+)/g)) {
      const codes = [...m[1]!.matchAll(/(?<!=== )'([a-z]+(?:-[a-z]+)+)'/g)].map((x) => x[1]!);
      const severities = [...m[2]!.matchAll(/'(error|warning|info)'/g)].map((x) => x[1]!);
      codes.forEach((code, i) => out.push({ file: path.relative(ROOT, file), code, severity: severities.length === codes.length ? severities[i] : undefined }));
    }
  }
  return out;
}

test("every code the pipeline raises is in the catalogue, at the catalogue's severity", () => {
  const raised = raisedCodes();
  expect(raised.length).toBeGreaterThan(30);
  const unknown = raised.filter((r) => !(r.code in FINDING_CODES)).map((r) => `${r.file}: ${r.code}`);
  expect(unknown).toEqual([]);
  const wrongSeverity = raised.filter((r) => r.severity && r.severity !== FINDING_CODES[r.code as keyof typeof FINDING_CODES].severity).map((r) => `${r.file}: ${r.code} raised as ${r.severity}`);
  expect(wrongSeverity).toEqual([]);
});

test("the README's table of findings lists every code of the catalogue with its severity, and no other", () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('## Findings an auditor meets'), readme.indexOf('\n## ', readme.indexOf('## Findings an auditor meets') + 5));
  const rows = [...table.matchAll(/^\| `([a-z-]+)` \| (error|warning|info) \|/gm)].map((m) => [m[1]!, m[2]!]);
  expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(Object.entries(FINDING_CODES).map(([code, info]) => [code, info.severity])));
});

test('a finding names a key, or its row or table by a prefix, never a longer key that starts alike', () => {
  const f = { cells: ['requests.granted'] };
  expect(names(f, 'requests.granted.total')).toBe(true);
  expect(names(f, 'requests.granted')).toBe(true);
  expect(names(f, 'requests.grantedX.total')).toBe(false);
  expect(names({ cells: ['requests.otherHandling.'] }, 'requests.otherHandling.all.total')).toBe(true);
});
