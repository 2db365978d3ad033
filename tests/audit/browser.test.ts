/**
 * The audit page in a real browser (headless Chromium): a scanned dev
 * document, a hand-made record on a drawn page image, and a report whose
 * agency name carries a <script>.
 */
import { whiteCanvas } from '../helpers/canvas.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { extractLayout } from '../../extractors/index.js';
import { auditLayout, auditSource, renderAuditPage, type AuditResult, type ImagePageView } from '../../src/app/audit/index.js';
import { encodeGray } from '../../src/app/audit/render.js';
import type { Layout } from '../../src/core/layout.js';
import { extract } from '../../src/stages/pipeline.js';
import type { ReportRecord } from '../../src/core/record.js';
import { REQUEST_COLUMNS as REQUEST_COLUMN_SPECS } from '../../src/core/templates/common.js';
const REQUEST_COLUMNS = REQUEST_COLUMN_SPECS.map((c) => c.key);
import { makeReport, reportText, REQUEST_ROWS } from '../helpers/report.js';
import { MESSAGES } from '../../src/app/audit/messages.js';
import { SCREENSHOTS, SKIP_MESSAGE, hasChromium, openAudit, type OpenedPage } from './browser.js';
import { corpusDir } from '../helpers/corpus.js';

const maybe = hasChromium ? describe : describe.skip;
if (!hasChromium) console.warn(SKIP_MESSAGE);

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const onlyLocal = (urls: string[]) => urls.filter((u) => !u.startsWith('file://') && !u.startsWith('data:'));

/** Click a value in the record's tables; return whether its mark on the source is highlighted and what the detail panel says. */
async function clickValue(o: OpenedPage, key: string) {
  await o.page.click(`#record td.v[data-key="${key}"]`);
  const mark = o.page.locator(`#source [data-key="${key}"], #source [data-keys~="${key}"]`).first();
  return {
    markSelected: (await mark.getAttribute('class'))?.split(' ').includes('sel') ?? false,
    markVisible: await mark.isVisible(),
    markInView: await mark.evaluate((e) => {
      const r = e.getBoundingClientRect();
      const s = document.getElementById('source')!.getBoundingClientRect();
      return r.bottom > s.top && r.top < s.bottom;
    }),
    cellSelected: (await o.page.getAttribute(`#record td.v[data-key="${key}"]`, 'class'))?.split(' ').includes('sel') ?? false,
    detail: (await o.page.textContent('#detail')) ?? '',
  };
}

// ---------------------------------------------------------------------------
// A scanned document of the dev corpus, OCR'd now

const CORPUS = corpusDir();

/** The dev scan with the fewest pages (a scanned PDF or an image), or undefined without the corpus. */
function smallestDevScan(): string | undefined {
  const dev = path.join(CORPUS, 'dev');
  if (!existsSync(dev)) return undefined;
  const scans = readdirSync(dev)
    .map((id) => {
      const meta = JSON.parse(readFileSync(path.join(dev, id, 'meta.json'), 'utf8')) as { kind: string; pages?: number; source: string };
      return { file: path.join(dev, id, meta.source), kind: meta.kind, pages: meta.pages ?? 99 };
    })
    .filter((m) => (m.kind === 'pdf-scan' || m.kind === 'image') && existsSync(m.file))
    .sort((a, b) => a.pages - b.pages || a.file.localeCompare(b.file));
  return scans[0]?.file;
}

/** A repaired value the page can show on the source, with a finding naming it; a value nianbao changed first. */
function repairedShown(r: AuditResult): string | undefined {
  const shown = r.model.keys.filter((k) => {
    const c = r.model.cells[k]!;
    return c.status === 'repaired' && c.findings.length > 0 && (c.mark === 'box' || c.mark === 'inferred');
  });
  return shown.find((k) => r.model.cells[k]!.repairs.length > 0) ?? shown[0];
}

/**
 * Where OCR read this scan without any repair, plant one the way scans lose
 * numbers: drop the token of one value in a table-三 row read cleanly in
 * full, so the identities restore it.
 */
function withLostValue(layout: Layout, r: AuditResult): { layout: Layout; key: string } | undefined {
  const cells = r.record.provenance.cells;
  for (const [row] of REQUEST_ROWS) {
    const keys = REQUEST_COLUMNS.map((c) => `requests.${row}.${c}`);
    if (!keys.every((k) => r.model.cells[k]?.status === 'clean' && r.model.cells[k]?.mark === 'box')) continue;
    const key = keys[0]!;
    const { page, box } = cells[key]!;
    const pages = layout.pages.map((p) =>
      p.number !== page
        ? p
        : {
            ...p,
            lines: p.lines.map((l) => ({ ...l, tokens: l.tokens.filter((t) => !(Math.abs(t.box.x - box!.x) < 1 && Math.abs(t.box.y - box!.y) < 1)) })).filter((l) => l.tokens.length > 0),
          },
    );
    return { layout: { ...layout, pages }, key };
  }
  return undefined;
}

maybe('audit of a scanned dev document', () => {
  const source = smallestDevScan();
  const t = source ? test : test.skip;
  if (!source) console.warn(`scanned-document audit test skipped: no dev corpus under ${CORPUS} (set NIANBAO_CORPUS)`);

  t(
    'clicking a repaired value highlights its box on the page image and shows its finding',
    async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'nianbao-audit-scan-'));
      try {
        const copy = path.join(dir, path.basename(source!));
        await copyFile(source!, copy);
        const data = new Uint8Array(await readFile(copy));
        const layout = await extractLayout(data, { file: path.basename(copy) });
        let result = await auditLayout(layout, data, path.basename(copy));
        let key = repairedShown(result);
        if (!key) {
          const planted = withLostValue(layout, result);
          if (!planted) throw new Error(`OCR of ${source} gave no repaired value and no table-三 row read cleanly in full to plant one in`);
          result = await auditLayout(planted.layout, data, path.basename(copy));
          key = repairedShown(result);
          expect(key).toBe(planted.key);
        }
        expect(['pdf-scan', 'image']).toContain(result.record.source.kind);
        const o = await openAudit(result.html);
        try {
          expect(await o.page.locator('#source .sheet img').count()).toBeGreaterThan(0);
          const seen = await clickValue(o, key!);
          expect(seen).toMatchObject({ markSelected: true, markVisible: true, markInView: true, cellSelected: true });
          expect(seen.detail).toContain(MESSAGES.zh.statuses.repaired);
          const finding = result.record.findings[result.model.cells[key!]!.findings[0]!]!;
          expect(seen.detail).toContain(finding.code);
          expect(seen.detail).toContain(finding.message);
          await o.page.screenshot({ path: path.join(SCREENSHOTS, 'scan-repaired.png') });
          expect(onlyLocal(o.requests)).toEqual([]);
          expect(o.errors).toEqual([]);
        } finally {
          await o.close();
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    600_000,
  );
});

// ---------------------------------------------------------------------------
// A hand-made record on a drawn page image: needs neither the corpus nor OCR

const CELL_W = 60,
  CELL_H = 24,
  LEFT = 40,
  TOP = 40;

/** Table 三 drawn as a ruled grid of digits, and the boxes where each value was drawn. */
async function drawnPage(record: ReportRecord): Promise<ImagePageView> {
  const width = LEFT * 2 + CELL_W * 7,
    height = TOP * 2 + CELL_H * REQUEST_ROWS.length;
  const { ctx } = whiteCanvas(width, height);
  ctx.fillStyle = '#000';
  ctx.font = '16px sans-serif';
  const marks: ImagePageView['marks'] = [];
  REQUEST_ROWS.forEach(([row], r) =>
    REQUEST_COLUMNS.forEach((col, c) => {
      const key = `requests.${row}.${col}`;
      const v = (record.requests as unknown as Record<string, Record<string, number | null>>)[row.split('.')[0]!]!;
      const value = row.includes('.') ? (v as unknown as Record<string, Record<string, number | null>>)[row.split('.')[1]!]![col] : v[col];
      const box = { x: LEFT + c * CELL_W + 8, y: TOP + r * CELL_H + 4, w: 30, h: 16 };
      ctx.strokeRect(LEFT + c * CELL_W, TOP + r * CELL_H, CELL_W, CELL_H);
      ctx.fillText(String(value ?? ''), box.x, box.y + 14);
      marks.push({ key, box, inferred: false });
    }),
  );
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const gray = new Uint8Array(width * height);
  for (let i = 0; i < gray.length; i++) gray[i] = rgba[i * 4]!;
  return { type: 'image', number: 1, width, height, unit: 'px', image: await encodeGray(gray, width, height), marks };
}

maybe('audit page of a hand-made record', () => {
  test('a repaired value: box highlighted, raw text, repairs and finding shown; the finding and identity lists link back', async () => {
    const record = await extract(bytes(reportText(makeReport(11))), { fileName: 'hand.txt' });
    const key = 'requests.granted.commercial';
    const prov = record.provenance.cells[key]!;
    record.provenance.cells[key] = { ...prov, raw: 'l', confidence: 0.93, repairs: ['ocr-confusable'] };
    record.findings.push({ code: 'ocr-confusable', severity: 'warning', cells: [key], message: "read 'l' as 1 (a letter l in a number cell)" });
    const html = renderAuditPage({ record: { ...record, source: { ...record.source, kind: 'image' } }, views: [await drawnPage(record)] });
    const o = await openAudit(html);
    try {
      const seen = await clickValue(o, key);
      expect(seen).toMatchObject({ markSelected: true, markVisible: true, markInView: true, cellSelected: true });
      // the detail panel in Chinese: its labels, the status, the method
      for (const w of [MESSAGES.zh.client.raw, MESSAGES.zh.client.findingsNaming, MESSAGES.zh.statuses.repaired, MESSAGES.zh.client.methods[prov.method]]) expect(seen.detail).toContain(w);
      expect(seen.detail).toContain('“l”');
      expect(seen.detail).toContain('ocr-confusable');
      expect(seen.detail).toContain("read 'l' as 1");
      // only that cell is selected
      expect(await o.page.locator('.sel').count()).toBe(2);
      // the finding in the list selects the same cell
      await o.page.click('#detail');
      await o.page.click(`#findings li[data-cells="${key}"]`);
      expect(await o.page.getAttribute(`#source .mk[data-key="${key}"]`, 'class')).toContain('sel');
      // an identity check selects all of its cells, with its arithmetic written out (the ones that hold are folded away)
      await o.page.click('#checks details summary');
      const check = o.page.locator('#checks li[data-cells]').filter({ hasText: '其他（（一）予以公开）' }).first();
      expect(await check.textContent()).toMatch(/\d+ \+ \d+ \+ \d+ \+ \d+ \+ \d+ \+ \d+ = \d+ = \d+/);
      await check.click();
      expect(await o.page.locator('#source .mk.sel').count()).toBe(7);
      await o.page.screenshot({ path: path.join(SCREENSHOTS, 'hand-made-repaired.png') });
      expect(onlyLocal(o.requests)).toEqual([]);
      expect(o.errors).toEqual([]);
    } finally {
      await o.close();
    }
  }, 120_000);
});

maybe('audit page in English', () => {
  test('--lang en: the detail panel and the lists speak English; clicking works the same', async () => {
    const record = await extract(bytes(reportText(makeReport(14))), { fileName: 'en.txt' });
    const key = 'requests.granted.commercial';
    const prov = record.provenance.cells[key]!;
    record.provenance.cells[key] = { ...prov, repairs: ['ocr-confusable'] };
    record.findings.push({ code: 'ocr-confusable', severity: 'warning', cells: [key], message: "read 'l' as 1" });
    const html = renderAuditPage({ record: { ...record, source: { ...record.source, kind: 'image' } }, views: [await drawnPage(record)], lang: 'en' });
    const o = await openAudit(html);
    try {
      const seen = await clickValue(o, key);
      expect(seen).toMatchObject({ markSelected: true, cellSelected: true });
      for (const w of ['raw text', 'Findings naming this cell', 'repaired', prov.method]) expect(seen.detail).toContain(w);
      expect(seen.detail).not.toContain(MESSAGES.zh.client.raw);
      expect(await o.page.textContent('#checks h3')).toMatch(/^Identity checks: /);
      await o.page.click('#checks details summary');
      await o.page.locator('#checks li[data-cells]').filter({ hasText: 'row granted' }).first().click();
      expect(await o.page.textContent('#detail')).toContain('7 cells highlighted');
      await o.page.screenshot({ path: path.join(SCREENSHOTS, 'hand-made-en.png') });
      expect(o.errors).toEqual([]);
    } finally {
      await o.close();
    }
  }, 120_000);
});

// ---------------------------------------------------------------------------
// Untrusted text

maybe('a report is untrusted input', () => {
  test('an agency name with a <script> runs nothing and shows as text', async () => {
    const agency = '某某<script>window.__pwned=1</script>局';
    const { html, record } = await auditSource(bytes(reportText(makeReport(2, agency))), { fileName: '<img src=x onerror="window.__pwned=2">.txt' });
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).not.toContain('<img src=x');
    const o = await openAudit(html);
    try {
      expect(await o.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
      // the source view shows the title line as printed, tags and all
      expect(await o.page.textContent('#source')).toContain(agency);
      expect(await o.page.locator('#source script, #record script, header script, img[src="x"]').count()).toBe(0);
      if (record.agency) expect(await o.page.textContent('header')).toContain(record.agency);
      expect(await o.page.textContent('header')).toContain('<img src=x onerror=');
      // the page still works: a value shows its details
      const seen = await clickValue(o, 'requests.total.total');
      expect(seen.markSelected).toBe(true);
      expect(seen.detail).toContain('（七）总计');
      expect(onlyLocal(o.requests)).toEqual([]);
      expect(o.errors).toEqual([]);
    } finally {
      await o.close();
    }
  }, 120_000);
});
