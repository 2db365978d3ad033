/**
 * Findings: every problem seen while turning a source into a record, shaped
 * after vfile's messages. `code` is a stable kebab-case rule id (an API for
 * auditors); `cells` names cell keys or key prefixes (`requests.granted`).
 *
 * Severity:
 * - `error`: a number could not be read, or an identity fails;
 * - `warning`: a repair was made, or a value is of low confidence;
 * - `info`: worth knowing, changes nothing (a blank makes a sum unassessable).
 */
export type Severity = 'error' | 'warning' | 'info';

/** The pipeline stage that raised a finding. */
export type Stage = 'extract' | 'ocr' | 'reconstruct' | 'normalize' | 'validate';

export interface Finding {
  code: string;
  severity: Severity;
  cells?: string[];
  message: string;
  stage?: Stage;
  /** For sums and repairs: what the source says and what was expected. */
  actual?: number | string | null;
  expected?: number | string | null;
  page?: number;
}

/** Collects findings in the order they are raised. */
export class FindingList {
  readonly items: Finding[] = [];

  add(f: Finding): Finding {
    this.items.push(f);
    return f;
  }
  error(code: string, message: string, extra: Partial<Finding> = {}): Finding {
    return this.add({ code, severity: 'error', message, ...extra });
  }
  warning(code: string, message: string, extra: Partial<Finding> = {}): Finding {
    return this.add({ code, severity: 'warning', message, ...extra });
  }
  info(code: string, message: string, extra: Partial<Finding> = {}): Finding {
    return this.add({ code, severity: 'info', message, ...extra });
  }
}

/** True when an error or warning names the key or a dotted prefix of it. */
export function isFlagged(findings: readonly Finding[], key: string): boolean {
  return findings.some(
    (f) =>
      (f.severity === 'error' || f.severity === 'warning') &&
      (f.cells ?? []).some((c) => c === key || key.startsWith(c + '.')),
  );
}
