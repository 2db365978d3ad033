import { NianbaoError } from '../../src/core/errors.js';
import { extractImage } from '../../extractors/image.js';
import { extractLayout } from '../../extractors/index.js';
import { checkImage } from '../../extractors/ocr/image-check.js';
import { crc32 } from 'node:zlib';

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(NianbaoError);
    expect((err as NianbaoError).message.length).toBeGreaterThan(10);
    return (err as NianbaoError).code;
  }
  throw new Error('expected a NianbaoError');
}

describe('bad images', () => {
  test('a PNG signature followed by garbage is unreadable, naming the file', async () => {
    const bytes = new Uint8Array([...PNG_SIG, ...Array.from({ length: 200 }, (_, i) => (i * 37) % 251)]);
    const err = await extractLayout(bytes, { file: 'broken.png' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NianbaoError);
    expect((err as NianbaoError).code).toBe('unreadable');
    expect((err as NianbaoError).file).toBe('broken.png');
  });

  test('every bit depth and colour type pair the PNG standard forbids is refused before the decoder (which crashes on them)', () => {
    const chunk = (type: string, data: number[]) => {
      const body = [...Buffer.from(type, 'latin1'), ...data];
      const len = data.length;
      const crc = crc32(Uint8Array.from(body));
      return [len >>> 24, (len >>> 16) & 255, (len >>> 8) & 255, len & 255, ...body, crc >>> 24, (crc >>> 16) & 255, (crc >>> 8) & 255, crc & 255];
    };
    const png = (depth: number, colour: number, palette = colour === 3) =>
      Uint8Array.from([
        ...PNG_SIG,
        ...chunk('IHDR', [0, 0, 0, 64, 0, 0, 0, 64, depth, colour, 0, 0, 0]),
        ...(palette ? chunk('PLTE', [0, 0, 0]) : []),
        ...chunk('IDAT', [0x78, 0x9c, 3, 0, 0, 0, 0, 1]),
        ...chunk('IEND', []),
      ]);
    const allowed: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
    let refused = 0;
    for (const colour of [0, 2, 3, 4, 6]) {
      for (const depth of [1, 2, 4, 8, 16]) {
        if (allowed[colour]!.includes(depth)) expect(checkImage(png(depth, colour))).toMatchObject({ format: 'png', width: 64, height: 64 });
        else {
          expect(() => checkImage(png(depth, colour))).toThrow(/impossible pixel format/);
          refused++;
        }
      }
    }
    expect(refused).toBe(10);
    expect(() => checkImage(png(8, 3, false))).toThrow(/palette/);
  });

  test('a truncated JPEG is unreadable', async () => {
    expect(await codeOf(extractImage(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), { file: 'cut.jpg' }))).toBe('unreadable');
  });

  test('TIFF is refused with a way out', async () => {
    const tiff = new Uint8Array([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0, 0, 0]);
    expect(await codeOf(extractImage(tiff, { file: 'scan.tif' }))).toBe('unsupported-kind');
  });
});
