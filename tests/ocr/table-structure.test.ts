/**
 * The table's ruling lines used for structure: the borders of a row standing
 * alone (too short for the long-rule search), rows bound by the rules around
 * them, and a label cell's lines taken together.
 */
import { mergeCellText } from '../../extractors/ocr/label-cells.js';
import type { Gray } from '../../extractors/ocr/raster.js';
import { cellInterior, eraseRules, findRules, type RuleGrid } from '../../extractors/ocr/rules.js';
import { groupIntoLines } from '../../extractors/ocr/tokens.js';
import type { Token } from '../../src/core/layout.js';

function page(w: number, h: number): Gray & { ink: (x0: number, y0: number, x1: number, y1: number) => void } {
  const data = new Uint8Array(w * h).fill(255);
  const ink = (x0: number, y0: number, x1: number, y1: number) => {
    for (let y = y0; y <= y1; y++) data.fill(0, y * w + x0, y * w + x1 + 1);
  };
  return { width: w, height: h, data, ink };
}

describe('a table row standing alone (table 四 carried over to the next page)', () => {
  test('its cell borders are found though shorter than any long rule, and strokes inside cells are not', () => {
    const img = page(1600, 400);
    img.ink(100, 100, 1500, 101); // top rule
    img.ink(100, 150, 1500, 151); // bottom rule: the row is 50 px tall, under the 80 px long-rule minimum
    const xs = [100, 380, 660, 940, 1220, 1499];
    for (const x of xs) img.ink(x, 100, x + 1, 151);
    img.ink(240, 110, 242, 140); // a "1" in the first cell, clear of both rules
    const rules = findRules(img);
    const vertical = rules.vertical.map((v) => Math.round((v.x0 + v.x1) / 2)).sort((a, b) => a - b);
    expect(vertical).toHaveLength(xs.length);
    vertical.forEach((x, i) => expect(Math.abs(x - xs[i]!)).toBeLessThanOrEqual(2));
    for (const v of rules.vertical) expect(v.y0 <= 102 && v.y1 >= 149).toBe(true);
  });
});

const tok = (text: string, x: number, y: number, w = 40, h = 20): Token => ({ text, box: { x, y, w, h }, conf: 0.9 });
const seg = (x0: number, x1: number, y: number) => ({ x0, x1, y0: y, y1: y + 1 });

describe('rows bound by their rules', () => {
  // a label column (x < 200) whose group cell spans three rows; the rows' own rules start at x = 200
  const grid: RuleGrid = {
    horizontal: [seg(0, 800, 100), seg(200, 800, 200), seg(200, 800, 300), seg(0, 800, 400)],
    vertical: [],
  };
  const tokens = [tok('结果', 50, 240), tok('2.重复申请', 220, 243, 120), tok('0', 500, 245, 14), tok('7', 700, 246, 14)];

  test('a piece of a label spanning rows, level with one of them, is not that row', () => {
    expect(groupIntoLines(tokens)).toHaveLength(1);
    const lines = groupIntoLines(tokens, grid).map((l) => l.tokens.map((t) => t.text));
    expect(lines).toEqual([['结果'], ['2.重复申请', '0', '7']]);
  });

  test('a row whose rules a fax broke (the rule under one value lost) is still one row, its values left to right', () => {
    // the rule at y = 200 survives only from x = 600: the 112 at x 500 stands between the rules at 100 and 300
    const broken: RuleGrid = { horizontal: [seg(0, 800, 100), seg(600, 800, 200), seg(200, 800, 300), seg(0, 800, 400)], vertical: [] };
    const row = [tok('1.信访举报投诉类', 220, 143, 120), tok('112', 500, 147, 30), tok('40', 650, 146, 20), tok('9', 720, 147, 14)];
    const lines = groupIntoLines(row, broken).map((l) => l.tokens.map((t) => t.text));
    expect(lines).toEqual([['1.信访举报投诉类', '112', '40', '9']]);
    // a spanning label level with the row, words alone on its line, stays apart as before
    expect(groupIntoLines([tok('结果', 50, 140), ...row], broken).map((l) => l.tokens.map((t) => t.text))).toContainEqual(['结果']);
  });

  test('a tall token (a label cell taken whole) joins the row level with its middle', () => {
    // its lines sit high in the cell: their middle is 15 px above the row's numbers
    const label = tok('5.属于三类内部事务信息', 220, 200, 120, 80);
    const lines = groupIntoLines([label, tok('0', 500, 245, 14), tok('3', 700, 246, 14), tok('4', 600, 330, 14)], grid).map((l) => l.tokens.map((t) => t.text));
    expect(lines).toEqual([['5.属于三类内部事务信息', '0', '3'], ['4']]);
  });
});

describe("a label cell's lines taken together", () => {
  const cell = { x: 200, y: 100, w: 200, h: 100 };
  test('become one token in reading order, boxed by their union', () => {
    const out = mergeCellText([tok('3.危及“二安全一', 210, 110, 150), tok('稳定”', 210, 160, 50), tok('0', 500, 140, 14)], [cell], 20, 2000);
    const merged = out.find((t) => t.text.startsWith('3.'))!;
    expect(merged.text).toBe('3.危及“二安全一稳定”');
    expect(merged.box).toEqual({ x: 210, y: 110, w: 150, h: 70 });
    expect(out.map((t) => t.text)).toContain('0');
    expect(out).toHaveLength(2);
  });

  test('a cell holding a number, one line, or a box too big for a label cell is left alone', () => {
    const withNumber = [tok('合计', 210, 110), tok('12', 210, 160)];
    expect(mergeCellText(withNumber, [cell], 20, 2000)).toEqual(withNumber);
    const oneLine = [tok('其他', 210, 110), tok('处理', 260, 112)];
    expect(mergeCellText(oneLine, [cell], 20, 2000)).toEqual(oneLine);
    expect(mergeCellText([tok('甲', 210, 110), tok('乙', 210, 160)], [cell], 5, 2000)).toHaveLength(2);
  });
});

describe('a faint rule broken where text stands close to it', () => {
  /** Paper 245, rules grey 205 (2 px), dark vertical rules, and a line of heavy print just under the middle rule's middle. */
  function faintTable(): Gray {
    const w = 2400,
      h = 600;
    const data = new Uint8Array(w * h).fill(245);
    const fill = (x0: number, y0: number, x1: number, y1: number, v: number) => {
      for (let y = y0; y <= y1; y++) data.fill(v, y * w + x0, y * w + x1 + 1);
    };
    for (const y of [100, 200, 300]) fill(200, y, 2200, y + 1, 205);
    for (const x of [200, 700, 1100, 1500, 2200]) fill(x - 1, 100, x + 2, 301, 30);
    // strokes of a line of text 6-40 px under the middle rule, from x 720 to 1480 (its 41-px mean drops)
    for (let x = 720; x < 1480; x += 14) fill(x, 207, x + 8, 240, 20);
    return { width: w, height: h, data };
  }

  test('is one rule: the grey shows the line across the gap between its pieces', () => {
    const rules = findRules(faintTable());
    const middle = rules.horizontal.filter((s) => Math.abs(s.y0 - 200) <= 3);
    expect(middle).toHaveLength(1);
    expect(middle[0]!.x0).toBeLessThan(720);
    expect(middle[0]!.x1).toBeGreaterThan(1480);
  });

  test("so values between the same two rules are one row, one in the gap's columns too", () => {
    const rules = findRules(faintTable());
    const lines = groupIntoLines([tok('1', 900, 140, 14), tok('0', 1300, 141, 14), tok('4', 1800, 140, 14)], rules).map((l) => l.tokens.map((t) => t.text));
    expect(lines).toEqual([['1', '0', '4']]);
  });

  test('a rule that stops at a merged cell is not carried across it', () => {
    const img = faintTable();
    // the middle rule's stretch from 700 to 1500 is paper: two cells there span both rows
    for (let y = 199; y <= 202; y++) img.data.fill(245, y * img.width + 703, y * img.width + 1497);
    const middle = findRules(img).horizontal.filter((s) => Math.abs(s.y0 - 200) <= 3);
    expect(middle.length).toBeGreaterThanOrEqual(2);
    expect(middle.every((s) => s.x1 < 720 || s.x0 > 1480)).toBe(true);
  });
});

describe('rules a fax or a removed seal broke off where no line shows', () => {
  /** A 4-column ruled grid, black on white: rules at y 100…400, x 200…1400. */
  function grid(): Gray & { ink: (x0: number, y0: number, x1: number, y1: number) => void; paper: (x0: number, y0: number, x1: number, y1: number) => void } {
    const img = page(1600, 500);
    const paper = (x0: number, y0: number, x1: number, y1: number) => {
      for (let y = y0; y <= y1; y++) img.data.fill(255, y * img.width + x0, y * img.width + x1 + 1);
    };
    for (const y of [100, 200, 300, 400]) img.ink(200, y, 1400, y + 1);
    for (const x of [200, 500, 800, 1100, 1400]) img.ink(x, 100, x + 1, 401);
    return Object.assign(img, { paper });
  }
  const at = (rules: RuleGrid, y: number) => rules.horizontal.filter((s) => Math.abs((s.y0 + s.y1) / 2 - y) <= 3);
  const atX = (rules: RuleGrid, x: number) => rules.vertical.filter((s) => Math.abs((s.x0 + s.x1) / 2 - x) <= 3);

  test('a horizontal rule with a gap from inside one cell to inside another is one rule', () => {
    const img = grid();
    img.paper(620, 198, 960, 203); // lost from the middle of the second cell to the middle of the third
    const middle = at(findRules(img), 200);
    expect(middle).toHaveLength(1);
    expect(middle[0]!.x0).toBeLessThanOrEqual(202);
    expect(middle[0]!.x1).toBeGreaterThanOrEqual(1398);
  });

  test('so is one whose gap starts at a rule across but ends inside a cell', () => {
    const img = grid();
    img.paper(803, 198, 960, 203);
    expect(at(findRules(img), 200)).toHaveLength(1);
  });

  test('a vertical rule broken inside a row is one rule', () => {
    const img = grid();
    img.paper(1098, 225, 1103, 290); // lost inside the second row
    const v = atX(findRules(img), 1100);
    expect(v).toHaveLength(1);
    expect(v[0]!.y0).toBeLessThanOrEqual(102);
    expect(v[0]!.y1).toBeGreaterThanOrEqual(398);
  });

  test('a rule that stops at the rules across on both sides (a merged cell) stays in two', () => {
    const img = grid();
    img.paper(503, 198, 797, 203); // the second column's two middle rows are one cell
    const middle = at(findRules(img), 200);
    expect(middle).toHaveLength(2);
    expect(middle.every((s) => s.x1 <= 505 || s.x0 >= 795)).toBe(true);
  });

  test('pieces of a table without vertical rules (a three-line table) are left apart', () => {
    const img = page(1600, 500);
    img.ink(200, 100, 1400, 101);
    img.ink(200, 200, 600, 201); // two rules under two column groups, a gap between them
    img.ink(700, 200, 1400, 201);
    img.ink(200, 400, 1400, 401);
    expect(at(findRules(img), 200)).toHaveLength(2);
  });
});

describe("a cell's interior (cellInterior)", () => {
  const box = { x: 500, y: 300, w: 20, h: 20 };

  test('is bounded by the rules of its ruled cell', () => {
    const grid: RuleGrid = { horizontal: [seg(0, 1000, 280), seg(0, 1000, 340)], vertical: [] };
    const inner = cellInterior(grid, box);
    expect(inner.y).toBe(281 + 4);
    expect(inner.y + inner.h).toBe(340 - 4);
  });

  test("is not stretched to a three-line table's rules far above and below (the whole table's)", () => {
    const grid: RuleGrid = { horizontal: [seg(0, 1000, 100), seg(0, 1000, 1200)], vertical: [] };
    const inner = cellInterior(grid, box);
    expect(inner.y).toBe(300 - 6);
    expect(inner.y + inner.h).toBe(320 + 6);
  });
});

describe("rules a fax's threshold left as dashes", () => {
  /** Columns ruled whole at x 200…1400 from y 100 to 700, rows ruled whole at 100 and 700; the rows between are drawn by `dashes`. */
  function table(): Gray & { ink: (x0: number, y0: number, x1: number, y1: number) => void } {
    const img = page(1600, 1200);
    for (const y of [100, 700]) img.ink(200, y, 1400, y + 1);
    for (const x of [200, 500, 800, 1100, 1400]) img.ink(x, 100, x + 1, 701);
    return img;
  }
  /** Dashes `len` px long every `every` px at height y from x0 to x1 (each a whole dash), 2 px thick. */
  const dashes = (img: ReturnType<typeof table>, y: number, x0: number, x1: number, len = 60, every = 150) => {
    for (let x = x0; x + len <= x1; x += every) img.ink(x, y, x + len - 1, y + 1);
  };
  const at = (rules: RuleGrid, y: number) => rules.horizontal.filter((s) => Math.abs((s.y0 + s.y1) / 2 - y) <= 3);

  test('are one rule across the table, and erased with their gaps', () => {
    const img = table();
    dashes(img, 300, 215, 1395);
    dashes(img, 500, 230, 1395, 45, 120);
    const rules = findRules(img);
    for (const y of [300, 500]) {
      const row = at(rules, y);
      expect(row).toHaveLength(1);
      expect(row[0]!.x0).toBeLessThanOrEqual(235);
      expect(row[0]!.x1).toBeGreaterThanOrEqual(1300);
    }
    const bin = { ...img, data: img.data.slice() };
    eraseRules(bin, rules);
    let left = 0;
    for (let y = 296; y <= 305; y++) for (let x = 210; x < 1390; x++) if (bin.data[y * bin.width + x] === 0) left++;
    expect(left).toBe(0);
  });

  test("are not taken when they stop short of the table's right side (the rest of the rule lost: cells would close wrong)", () => {
    const img = table();
    dashes(img, 300, 215, 950);
    expect(at(findRules(img), 300)).toHaveLength(0);
  });

  test("a line of text's level strokes is no rule, nor a large title's strokes where no table's rules stand", () => {
    const img = table();
    // strokes of characters: 24 px long, 12 px apart, level across the table
    for (let x = 215; x + 24 < 1395; x += 36) img.ink(x, 300, x + 23, 301);
    // a title's strokes above the table: 80 px long, level, nothing ruled there
    for (let x = 300; x + 80 < 1300; x += 110) img.ink(x, 40, x + 79, 42);
    const rules = findRules(img);
    expect(at(rules, 300)).toHaveLength(0);
    expect(at(rules, 41)).toHaveLength(0);
  });
});

describe('what a fax left of a vertical rule in the rows where it was not found', () => {
  /** Rows ruled at y 100, 200, 300, 400 from x 200 to 1400; the column border at x 800 found only in the first row (a rule's length there). */
  function table(): Gray & { ink: (x0: number, y0: number, x1: number, y1: number) => void } {
    const img = page(1600, 1200);
    for (const y of [100, 200, 300, 400]) img.ink(200, y, 1400, y + 1);
    for (const x of [200, 1400]) img.ink(x, 100, x + 1, 401);
    img.ink(800, 100, 801, 201);
    return img;
  }
  const atX = (rules: RuleGrid, x: number) => rules.vertical.filter((s) => Math.abs((s.x0 + s.x1) / 2 - x) <= 3);

  test('a stub in line with the border found, paper on both sides, is that border too, and erased', () => {
    const img = table();
    img.ink(800, 225, 801, 275); // a 50-px stub in the second row
    const rules = findRules(img);
    expect(atX(rules, 800).some((s) => s.y0 <= 226 && s.y1 >= 274)).toBe(true);
    const bin = { ...img, data: img.data.slice() };
    eraseRules(bin, rules);
    expect(bin.data[250 * bin.width + 800]).toBe(255);
  });

  test("a character's stroke on that line, its other strokes against it, is not; nor a stub off the line", () => {
    const img = table();
    // a character in the third row whose left stroke stands on x = 800: strokes cross it
    img.ink(800, 320, 801, 370);
    for (const y of [325, 345, 365]) img.ink(794, y, 830, y + 1);
    img.ink(900, 225, 901, 275); // a stroke where no column's border runs
    const rules = findRules(img);
    expect(atX(rules, 800).some((s) => s.y1 > 310)).toBe(false);
    expect(atX(rules, 900)).toHaveLength(0);
  });
});

describe("a fax's value row with a rule's remains among its numbers", () => {
  // table 五's one row of values: 30-px digits centred at y 2064
  const row = [tok('61', 302, 2049, 42, 30), tok('3', 448, 2048, 20, 32), tok('0', 581, 2048, 20, 31), tok('49', 701, 2048, 44, 32), tok('29', 968, 2047, 42, 33), tok('47', 1099, 2048, 44, 31)];

  test("is one line though a remnant mark read first sets a row apart: rows are compared by their numbers' places and heights", () => {
    // 113 boxed with a remnant above it (49 px tall), beside a 3-px ';' that OCR read level with its top
    const tokens = [...row, tok('113', 789, 2032, 101, 49), tok(';', 1453, 2032, 3, 26)];
    const lines = groupIntoLines(tokens).map((l) => l.tokens.map((t) => t.text));
    expect(lines).toEqual([['61', '3', '0', '49', '113', '29', '47', ';']]);
  });

  test("a 'number' a fraction of a digit's height is a speck, and no line of its own", () => {
    const lines = groupIntoLines([...row, tok('3', 1586, 2036, 3, 4)]).map((l) => l.tokens.map((t) => t.text));
    expect(lines).toEqual([['61', '3', '0', '49', '29', '47']]);
  });
});
