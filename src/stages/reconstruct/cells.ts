/** What the reconstructor knows about one cell: its value and where it came from. */
import type { CellProvenance } from '../../core/record.js';

export interface CellReading {
  value: number | null;
  /** The unit printed with an amount (采购总金额 `元`), when there was one. */
  unit?: string | null;
  /**
   * `read`: a value from the source; `blank`: the source leaves the cell empty
   * or writes a blank marker; `missing`: nothing could be read (its row was not
   * found, or its value was lost); `ambiguous`: the source admits several values.
   */
  status: 'read' | 'blank' | 'missing' | 'ambiguous';
  prov: CellProvenance;
}

export type CellMap = Map<string, CellReading>;

export function missingCell(method: CellProvenance['method'] = 'missing'): CellReading {
  return { value: null, status: 'missing', prov: { page: null, box: null, unit: null, raw: null, confidence: 0, method, repairs: [] } };
}
