/**
 * Small synthetic scans, drawn with @napi-rs/canvas: a ruled table of
 * numbers, optionally rotated and stamped with a red ring (a seal) over one
 * digit. Digits and Latin only, so no CJK font is needed on the machine.
 */
import { createCanvas } from '@napi-rs/canvas';

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
}

export interface Scan {
  png: Uint8Array;
  width: number;
  height: number;
  /** Where each cell's centre is drawn (before rotation), for checks. */
  centres: { x: number; y: number }[][];
}

const CELL_W = 180, CELL_H = 70, LEFT = 80, TOP = 100;

export function drawTableScan(opts: ScanOptions = {}): Scan {
  const width = LEFT * 2 + CELL_W * TABLE[0]!.length, height = TOP * 2 + CELL_H * TABLE.length + 60;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.translate(width / 2, height / 2);
  ctx.rotate(((opts.rotate ?? 0) * Math.PI) / 180);
  ctx.translate(-width / 2, -height / 2);
  ctx.strokeStyle = '#222';
  ctx.lineWidth = 2;
  for (let r = 0; r <= TABLE.length; r++) {
    ctx.beginPath();
    ctx.moveTo(LEFT, TOP + r * CELL_H);
    ctx.lineTo(LEFT + CELL_W * TABLE[0]!.length, TOP + r * CELL_H);
    ctx.stroke();
  }
  for (let c = 0; c <= TABLE[0]!.length; c++) {
    ctx.beginPath();
    ctx.moveTo(LEFT + c * CELL_W, TOP);
    ctx.lineTo(LEFT + c * CELL_W, TOP + CELL_H * TABLE.length);
    ctx.stroke();
  }
  ctx.fillStyle = '#111';
  ctx.font = '34px sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const centres = TABLE.map((row, r) =>
    row.map((text, c) => {
      const x = LEFT + c * CELL_W + CELL_W / 2, y = TOP + r * CELL_H + CELL_H / 2;
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
  return { png: new Uint8Array(canvas.toBuffer('image/png')), width, height, centres };
}
