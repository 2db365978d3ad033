/** A blank white page to draw test images on (the OCR and audit tests draw their own content). */
import { type Canvas, createCanvas, type SKRSContext2D } from '@napi-rs/canvas';

export function whiteCanvas(width: number, height: number): { canvas: Canvas; ctx: SKRSContext2D } {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  return { canvas, ctx };
}
