/**
 * The layers of the tree (README, "Architecture"): each imports only from
 * its own layer and the ones below it, and no module imports itself back
 * through others. Type-only imports count: a cycle of types is still a
 * cycle a reader has to hold in their head.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Lowest first. A module may import from its own layer and every layer before it. */
const LAYERS: { name: string; dirs: string[] }[] = [
  { name: 'core', dirs: ['src/core'] },
  { name: 'normalizers', dirs: ['normalizers'] },
  { name: 'extractors', dirs: ['extractors'] },
  { name: 'stages', dirs: ['src/stages'] },
  { name: 'app', dirs: ['src/app'] },
  { name: 'entry points', dirs: ['src/cli.ts', 'src/index.ts'] },
];

const sourceFiles = (p: string): string[] => (statSync(p).isDirectory() ? readdirSync(p).flatMap((f) => sourceFiles(path.join(p, f))) : p.endsWith('.ts') ? [p] : []);

const rel = (abs: string) => path.relative(ROOT, abs);
const layerOf = (file: string) => LAYERS.findIndex((l) => l.dirs.some((d) => file === d || file.startsWith(d + '/')));

/** Relative module paths: static imports, re-exports and dynamic imports alike (any `'./x.js'` literal but a path into the build). */
const MODULE_PATH = /'(\.\.?\/[^'\n]+\.js)'/g;

/** Every relative import of a file, as repository paths of .ts files. */
export function importsOf(file: string, text: string): string[] {
  return [...text.matchAll(MODULE_PATH)].map((m) => path.normalize(path.join(path.dirname(file), m[1]!)).replace(/\.js$/, '.ts')).filter((p) => !p.startsWith('dist/'));
}

const FILES = LAYERS.flatMap((l) => l.dirs).flatMap((d) => sourceFiles(path.join(ROOT, d)).map(rel));
const GRAPH = new Map(FILES.map((f) => [f, importsOf(f, readFileSync(path.join(ROOT, f), 'utf8'))]));

/** The imports that reach up a layer, as `from → to (layer)` lines. */
function upwardImports(graph: Map<string, string[]>): string[] {
  const bad: string[] = [];
  for (const [from, tos] of graph) {
    for (const to of tos) {
      const a = layerOf(from);
      const b = layerOf(to);
      if (b === -1 || b > a) bad.push(`${from} (${LAYERS[a]?.name}) → ${to} (${LAYERS[b]?.name ?? 'outside every layer'})`);
    }
  }
  return bad;
}

/** One module path per import cycle found (depth-first, each cycle reported once by its entry). */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const t of graph.get(f) ?? []) {
      if (state.get(t) === 'open') found.push([...stack.slice(stack.indexOf(t)), t]);
      else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  return found;
}

describe('layers', () => {
  it('every source file belongs to a layer, and every module it imports exists', () => {
    const all = ['src', 'extractors', 'normalizers'].flatMap((d) => sourceFiles(path.join(ROOT, d)).map(rel));
    expect(all.filter((f) => layerOf(f) === -1)).toEqual([]);
    expect(FILES.length).toBeGreaterThan(100);
    expect([...GRAPH].flatMap(([from, tos]) => tos.filter((t) => !existsSync(path.join(ROOT, t))).map((t) => `${from} → ${t}`))).toEqual([]);
  });

  it('no module imports from a layer above its own', () => {
    expect(upwardImports(GRAPH)).toEqual([]);
  });

  it('no import cycles', () => {
    expect(cycles(GRAPH).map((c) => c.join(' → '))).toEqual([]);
  });

  it('no format is named outside the templates: a format is data (src/core/templates)', () => {
    const named = FILES.filter((f) => !f.startsWith('src/core/templates/')).flatMap((f) =>
      readFileSync(path.join(ROOT, f), 'utf8')
        .split('\n')
        .flatMap((line, i) => (/['"`](2019|2021)['"`]/.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(named).toEqual([]);
  });

  it('the checks see what they are meant to: an upward import and a cycle are caught', () => {
    const planted = new Map(GRAPH);
    planted.set('src/core/layout.ts', [...(GRAPH.get('src/core/layout.ts') ?? []), 'src/app/export/csv.ts']);
    expect(upwardImports(planted)).toContain('src/core/layout.ts (core) → src/app/export/csv.ts (app)');
    planted.set('src/app/export/csv.ts', ['src/app/export/sink.ts']);
    planted.set('src/app/export/sink.ts', ['src/app/export/csv.ts']);
    expect(cycles(planted).map((c) => c.join(' → '))).toContain('src/app/export/csv.ts → src/app/export/sink.ts → src/app/export/csv.ts');
  });
});
