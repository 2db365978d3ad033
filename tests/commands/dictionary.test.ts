/** The contract in the project: the record's JSON Schema validates real records, and the cell dictionary covers every key. */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { recordJsonSchema } from '../../src/app/commands/schema.js';
import { cellDictionary } from '../../src/app/commands/cells.js';
import { extract } from '../../src/stages/pipeline.js';
import { makeReport, reportText } from '../helpers/report.js';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

describe('nianbao schema', () => {
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(recordJsonSchema());

  test('a record the pipeline makes validates; one with a renamed cell or a string for a number does not', async () => {
    const record = JSON.parse(JSON.stringify(await extract(bytes(reportText(makeReport(3))), { fileName: 'r.txt' }))) as Record<string, any>;
    expect(validate(record)).toBe(true);
    const broken = structuredClone(record);
    broken.requests.granted.total = '12';
    expect(validate(broken)).toBe(false);
    const renamed = structuredClone(record);
    delete renamed.requests.granted.naturalPerson;
    expect(validate(renamed)).toBe(false);
  });
});

describe('nianbao cells', () => {
  const cells = cellDictionary();

  test('every leaf of a record is in the dictionary for its format, with its labels and unit', async () => {
    const record = (await extract(bytes(reportText(makeReport(3))), { fileName: 'r.txt' })) as unknown as Record<string, unknown>;
    const leaves = (o: unknown, prefix: string): string[] => (o !== null && typeof o === 'object' ? Object.entries(o).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k)) : [prefix]);
    const keys = ['proactive', 'requests', 'reviewLitigation'].flatMap((t) => leaves(record[t], t));
    const known = new Set(cells.filter((c) => c.template === '2021').map((c) => c.key));
    expect(keys.filter((k) => !known.has(k))).toEqual([]);
  });

  test('a cell names its whole row chain, its column chain, its unit and its 2019 counterpart', () => {
    expect(cells.find((c) => c.template === '2021' && c.key === 'requests.denied.stateSecret.commercial')).toMatchObject({
      row: '三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密',
      column: '申请人情况 › 法人或其他组织 › 商业企业',
      unit: '件',
      counterpart: 'requests.denied.stateSecret.commercial',
    });
    expect(cells.find((c) => c.template === '2021' && c.key === 'proactive.fees.amount')).toMatchObject({ unit: '万元', holds: 'money' });
    expect(cells.find((c) => c.template === '2019' && c.key === 'proactive.rules.made')?.counterpart).toBe('proactive.rules.issued');
    expect(cells.find((c) => c.template === '2019' && c.key === 'proactive.licensing.change')).toMatchObject({ holds: 'signed', unit: '个' });
  });
});
