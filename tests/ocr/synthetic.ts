/**
 * Small synthetic scans, drawn with @napi-rs/canvas: a ruled table of
 * numbers, optionally rotated and stamped with a red ring (a seal) over one
 * digit. Digits and Latin only, so no CJK font is needed on the machine.
 */
import { whiteCanvas } from '../helpers/canvas.js';

export const TABLE: string[][] = [
  ['A', '1106', '430', '53'],
  ['B', '0', '20', '3'],
  ['C', '578', '230', '27'],
];

export interface ScanOptions {
  /** Degrees, positive = clockwise (lines descend to the right). */
  rotate?: number;
  /** Draw a red ring over the cell at [row, col]. */
  sealAt?: [number, number];
  /** The cells to print (default TABLE). */
  table?: string[][];
  /** Size factor: 0.45 prints digits about 15 px tall, as a 150-dpi scan does. */
  scale?: number;
  /** Fax noise: this many black specks of 2×2 to 3×3 px scattered over the page (seeded, repeatable). */
  specks?: number;
  /** Vertical rules lean by this many px over the table's height (a photographed page's perspective). */
  lean?: number;
}

export interface Scan {
  png: Uint8Array;
  width: number;
  height: number;
  /** Where each cell's centre is drawn (before rotation), for checks. */
  centres: { x: number; y: number }[][];
}

export function drawTableScan(opts: ScanOptions = {}): Scan {
  const table = opts.table ?? TABLE;
  const k = opts.scale ?? 1;
  const CELL_W = Math.round(180 * k),
    CELL_H = Math.round(70 * k),
    LEFT = Math.round(80 * k),
    TOP = Math.round(100 * k);
  const width = LEFT * 2 + CELL_W * table[0]!.length,
    height = TOP * 2 + CELL_H * table.length + Math.round(60 * k);
  const { canvas, ctx } = whiteCanvas(width, height);
  ctx.translate(width / 2, height / 2);
  ctx.rotate(((opts.rotate ?? 0) * Math.PI) / 180);
  ctx.translate(-width / 2, -height / 2);
  ctx.strokeStyle = '#222';
  ctx.lineWidth = Math.max(1, Math.round(2 * k));
  for (let r = 0; r <= table.length; r++) {
    ctx.beginPath();
    ctx.moveTo(LEFT, TOP + r * CELL_H);
    ctx.lineTo(LEFT + CELL_W * table[0]!.length, TOP + r * CELL_H);
    ctx.stroke();
  }
  const lean = opts.lean ?? 0;
  for (let c = 0; c <= table[0]!.length; c++) {
    ctx.beginPath();
    ctx.moveTo(LEFT + c * CELL_W, TOP);
    ctx.lineTo(LEFT + c * CELL_W + lean, TOP + CELL_H * table.length);
    ctx.stroke();
  }
  ctx.fillStyle = '#111';
  ctx.font = `${Math.round(34 * k)}px sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const centres = table.map((row, r) =>
    row.map((text, c) => {
      const x = LEFT + c * CELL_W + CELL_W / 2,
        y = TOP + r * CELL_H + CELL_H / 2;
      ctx.fillText(text, x, y);
      return { x, y };
    }),
  );
  if (opts.sealAt) {
    const { x, y } = centres[opts.sealAt[0]]![opts.sealAt[1]]!;
    // Stamped after printing: red ink darkens the paper, black text stays black.
    ctx.globalCompositeOperation = 'multiply';
    ctx.strokeStyle = 'rgb(225, 40, 40)';
    ctx.lineWidth = 7;
    ctx.beginPath();
    ctx.arc(x, y, 45, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.fillStyle = 'rgb(225, 40, 40)';
    ctx.fillRect(x - 35, y - 4, 70, 8);
    ctx.globalCompositeOperation = 'source-over';
  }
  if (opts.specks) {
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#000';
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < opts.specks; i++) {
      const side = 2 + Math.floor(rand() * 2);
      ctx.fillRect(Math.floor(rand() * width), Math.floor(rand() * height), side, side);
    }
  }
  return { png: new Uint8Array(canvas.toBuffer('image/png')), width, height, centres };
}
