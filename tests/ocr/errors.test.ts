import { NianbaoError } from '../../src/errors.js';
import { extractImage } from '../../extractors/image.js';
import { extractLayout } from '../../extractors/index.js';

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

  test('a truncated JPEG is unreadable', async () => {
    expect(await codeOf(extractImage(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), { file: 'cut.jpg' }))).toBe('unreadable');
  });

  test('TIFF is refused with a way out', async () => {
    const tiff = new Uint8Array([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0, 0, 0]);
    expect(await codeOf(extractImage(tiff, { file: 'scan.tif' }))).toBe('unsupported-kind');
  });
});
