/** What a cell's text is, and where a box's centre lies: shared by the cell pass and the label cells. */
import type { Box } from '../../src/core/layout.js';

/** A token that is only digits (or a null mark). */
export const CLEAN_NUMBER = /^(?:[0-9]+(?:\.[0-9]+)?|[/-])$/;
export const HAS_CJK = /[\u3400-\u9fff]/;

export const center = (b: Box) => ({ x: b.x + b.w / 2, y: b.y + b.h / 2 });
export const inside = (b: Box, p: { x: number; y: number }) => p.x >= b.x && p.x <= b.x + b.w && p.y >= b.y && p.y <= b.y + b.h;
