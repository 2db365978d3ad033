/**
 * Photographed pages: the sheet on a darker surface, seen at an angle, and
 * its rules blurred faint. Drawn here: a ruled table of numbers seen by a
 * camera tilted over the page (its top further away, the sheet turned a
 * little), on a dark surface.
 */
import { type Canvas, createCanvas } from '@napi-rs/canvas';
import { decodeImage, extractImage } from '../../extractors/image.js';
import { shutdownOcr } from '../../extractors/ocr/engine.js';
import { preparePage } from '../../extractors/ocr/page.js';
import { asDigits } from '../../extractors/ocr/tiled.js';
import { findSheet, homography, unwarp, type Quad } from '../../extractors/ocr/perspective.js';
import { toGray, type ColorPixels, type Gray } from '../../extractors/ocr/raster.js';
import { findRules } from '../../extractors/ocr/rules.js';
import { whiteCanvas } from '../helpers/canvas.js';
import { drawTableScan } from './synthetic.js';

afterAll(() => shutdownOcr());

const TABLE = [
  ['A', '128', '15', '0', '174'],
  ['B', '3', '0', '36', '39'],
  ['C', '0', '44', '7', '51'],
  ['E', '12', '1', '0', '13'],
];

/**
 * The camera: a projective map from the scan's pixels to the photo's, (x, y) → ((a·x + b·y + c) / d, (e·x + f·y + g) / d),
 * d = p·x + q·y + 1, written out here rather than solved for, so that the test does not rest on the code it checks.
 * The sheet leans (b, e), its far edge is smaller (q > 0: the top of the page is further from the lens).
 */
const CAMERA = { a: 1.02, b: -0.03, c: 120, e: 0.025, f: 0.98, g: 70, p: 0.00002, q: 0.00016 };

function viewed(x: number, y: number): { x: number; y: number } {
  const { a, b, c, e, f, g, p, q } = CAMERA;
  const d = p * x + q * y + 1;
  return { x: (a * x + b * y + c) / d, y: (e * x + f * y + g) / d };
}

/** Where the photo's pixel (u, v) comes from on the scan: the camera's inverse, by its adjugate. */
function source(u: number, v: number): { x: number; y: number } {
  const { a, b, c, e, f, g, p, q } = CAMERA;
  // M = [[a, b, c], [e, f, g], [p, q, 1]]; M⁻¹ ∝ adj(M)
  const m = [f - g * q, c * q - b, b * g - c * f, g * p - e, a - c * p, c * e - a * g, e * q - f * p, b * p - a * q, a * f - b * e];
  const w = m[6]! * u + m[7]! * v + m[8]!;
  return { x: (m[0]! * u + m[1]! * v + m[2]!) / w, y: (m[3]! * u + m[4]! * v + m[5]!) / w };
}

const SCAN = drawTableScan({ table: TABLE, scale: 0.8 });
/** The sheet's corners in the photo. */
const CORNERS: Quad = { topLeft: viewed(0, 0), topRight: viewed(SCAN.width, 0), bottomRight: viewed(SCAN.width, SCAN.height), bottomLeft: viewed(0, SCAN.height) };

/** The scan of TABLE photographed on a surface of grey 60 (bilinear samples of the scan). Drawn once, shared. */
let photoPng: Promise<Uint8Array> | undefined;
function photo(): Promise<Uint8Array> {
  return (photoPng ??= (async () => {
    const scan = toGray(await decodeImage(SCAN.png)).gray;
    const out = createCanvas(Math.ceil(Math.max(CORNERS.topRight.x, CORNERS.bottomRight.x) + 90), Math.ceil(Math.max(CORNERS.bottomLeft.y, CORNERS.bottomRight.y) + 70));
    const ctx = out.getContext('2d');
    const img = ctx.createImageData(out.width, out.height);
    for (let v = 0; v < out.height; v++)
      for (let u = 0; u < out.width; u++) {
        const { x, y } = source(u + 0.5, v + 0.5);
        const x0 = Math.floor(x - 0.5),
          y0 = Math.floor(y - 0.5);
        let grey = 60;
        if (x0 >= 0 && y0 >= 0 && x0 + 1 < scan.width && y0 + 1 < scan.height) {
          const fx = x - 0.5 - x0,
            fy = y - 0.5 - y0;
          const at = (i: number, j: number) => scan.data[(y0 + j) * scan.width + x0 + i]!;
          grey = (at(0, 0) * (1 - fx) + at(1, 0) * fx) * (1 - fy) + (at(0, 1) * (1 - fx) + at(1, 1) * fx) * fy;
        }
        img.data.fill(grey, 4 * (v * out.width + u), 4 * (v * out.width + u) + 3);
        img.data[4 * (v * out.width + u) + 3] = 255;
      }
    ctx.putImageData(img, 0, 0);
    return new Uint8Array(out.toBuffer('image/png'));
  })());
}

/** A canvas's pixels as the OCR reads them. */
function pixelsOf(canvas: Canvas): ColorPixels {
  const { data, width, height } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  return { width, height, channels: 4, data };
}

describe('the sheet in a photograph', () => {
  test('its four corners are found where they were drawn', async () => {
    const q = findSheet(toGray(await decodeImage(await photo())).gray);
    expect(q).toBeDefined();
    for (const k of ['topLeft', 'topRight', 'bottomRight', 'bottomLeft'] as const) {
      expect(Math.abs(q![k].x - CORNERS[k].x)).toBeLessThan(4);
      expect(Math.abs(q![k].y - CORNERS[k].y)).toBeLessThan(4);
    }
  });

  test('a scan, whose paper fills the picture, and a sheet on white paper have no sheet to straighten', async () => {
    const scan = drawTableScan({ table: TABLE, scale: 0.8, rotate: 2 }).png;
    expect(findSheet(toGray(await decodeImage(scan)).gray)).toBeUndefined();
    expect(preparePage(await decodeImage(scan)).sheet).toBeUndefined();
    const { canvas, ctx } = whiteCanvas(600, 400);
    ctx.fillStyle = '#f4f4f4';
    ctx.beginPath();
    ctx.moveTo(60, 50);
    ctx.lineTo(540, 40);
    ctx.lineTo(560, 360);
    ctx.lineTo(40, 350);
    ctx.fill();
    expect(findSheet(toGray(pixelsOf(canvas)).gray)).toBeUndefined();
  });

  test('straightened, the table is level: each horizontal rule is one level segment across it', async () => {
    const prep = preparePage(await decodeImage(await photo()));
    const long = prep.rules.horizontal.filter((s) => s.x1 - s.x0 > 0.6 * prep.gray.width);
    expect(long).toHaveLength(TABLE.length + 1);
    // as thick as the drawn rule enlarged to 300 dpi, where the photo's rules drift by 25 px over the table
    for (const s of long) expect(s.y1 - s.y0).toBeLessThanOrEqual(8);
  });

  test('every value is read (or as a lookalike), in its own row', async () => {
    const layout = await extractImage(await photo(), { file: 'photo.png' });
    // a round 0 may come back as the letter O: the record takes such lookalikes as digits, with a finding
    const rows = layout.pages[0]!.lines.map((l) => l.tokens.map((t) => asDigits(t.text)).filter((t) => /^[0-9]+$/.test(t))).filter((r) => r.length);
    expect(rows).toEqual(TABLE.map((r) => r.slice(1)));
    // and the auditor is told the page was straightened
    expect(layout.findings?.filter((f) => f.code === 'ocr-perspective-corrected').map((f) => f.page)).toEqual([1]);
  }, 120_000);
});

describe('the projective map', () => {
  test('takes each corner to its image', () => {
    const from = [
      { x: 0, y: 0 },
      { x: 100, y: 0 },
      { x: 100, y: 50 },
      { x: 0, y: 50 },
    ];
    const to = [CORNERS.topLeft, CORNERS.topRight, CORNERS.bottomRight, CORNERS.bottomLeft];
    const m = homography(from, to);
    from.forEach((p, i) => {
      const d = m[6]! * p.x + m[7]! * p.y + 1;
      expect((m[0]! * p.x + m[1]! * p.y + m[2]!) / d).toBeCloseTo(to[i]!.x, 6);
      expect((m[3]! * p.x + m[4]! * p.y + m[5]!) / d).toBeCloseTo(to[i]!.y, 6);
    });
  });

  test('unwarp puts what lies at the sheet’s top-right corner at the rectangle’s', () => {
    const img: Gray = { width: 200, height: 100, data: new Uint8Array(200 * 100).fill(255) };
    for (let y = 10; y < 16; y++) for (let x = 170; x < 176; x++) img.data[y * 200 + x] = 0;
    const out = unwarp(img, { topLeft: { x: 20, y: 12 }, topRight: { x: 180, y: 8 }, bottomRight: { x: 190, y: 90 }, bottomLeft: { x: 10, y: 95 } });
    let sx = 0,
      sy = 0,
      n = 0;
    for (let y = 0; y < out.height; y++)
      for (let x = 0; x < out.width; x++)
        if (out.data[y * out.width + x]! < 128) {
          sx += x;
          sy += y;
          n++;
        }
    expect(n).toBeGreaterThan(0);
    expect(sx / n).toBeGreaterThan(out.width - 20);
    expect(sy / n).toBeLessThan(10);
  });
});

describe('faint rules', () => {
  /** Grey paper 175 with a soft rule (150 at its middle row, 165 beside) under a line of digits. */
  function faintPage(): Gray {
    const { canvas, ctx } = whiteCanvas(900, 300);
    ctx.fillStyle = 'rgb(175, 175, 175)';
    ctx.fillRect(0, 0, 900, 300);
    for (const [dy, grey] of [
      [-1, 165],
      [0, 150],
      [1, 165],
    ] as const) {
      ctx.fillStyle = `rgb(${grey}, ${grey}, ${grey})`;
      ctx.fillRect(60, 150 + dy, 780, 1);
    }
    ctx.fillStyle = '#222';
    ctx.font = '28px sans-serif';
    ctx.fillText('1111 2222 3333 4444 5555 7777 1111 2222', 60, 100);
    return toGray(pixelsOf(canvas)).gray;
  }

  test('a rule too faint for the local mean is found across its length', () => {
    const rules = findRules(faintPage());
    const rule = rules.horizontal.filter((s) => s.y0 <= 151 && s.y1 >= 149);
    expect(rule).toHaveLength(1);
    expect(rule[0]!.x0).toBeLessThanOrEqual(62);
    expect(rule[0]!.x1).toBeGreaterThanOrEqual(837);
  });

  test('a line of digits is not taken for a rule', () => {
    expect(findRules(faintPage()).horizontal.filter((s) => s.y1 < 140)).toHaveLength(0);
  });
});
