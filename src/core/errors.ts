/**
 * The one error type that crosses the library boundary: a source nianbao
 * cannot turn into a record. The CLI prints `file: message` and exits
 * non-zero; the batch records it and goes on.
 */
export type ErrorCode =
  | 'empty-file'
  | 'unreadable'
  | 'unsupported-kind'
  | 'truncated'
  | 'encrypted'
  | 'needs-ocr'
  | 'not-a-report'
  | 'too-large'
  | 'hostile-input'
  | 'legacy-doc'
  | 'ocr-failed'
  | 'timeout'
  | 'output-is-input'
  /** A fault of ours, not of the file: still reported against the file that met it. */
  | 'internal';

export class NianbaoError extends Error {
  readonly code: ErrorCode;
  file?: string;

  constructor(code: ErrorCode, message: string, options: { file?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NianbaoError';
    this.code = code;
    this.file = options.file;
  }

  /** `file: message`, the line the CLI prints. */
  describe(): string {
    return this.file ? `${printable(this.file)}: ${this.message}` : this.message;
  }
}

/**
 * A file name as it may be printed on a terminal: control characters (an
 * escape sequence, a newline in a name) shown as `\xNN`, never acted on.
 */
export function printable(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
