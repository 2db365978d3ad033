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

  /**
   * Whatever was thrown, as one error of ours on one line: a NianbaoError as
   * it is; a file the system would not open as `unreadable`; anything else as
   * `internal`, a fault of ours that still names the file it met and says
   * what it was (a record off the schema says where).
   */
  static from(err: unknown, file?: string): NianbaoError {
    const named = (e: NianbaoError) => ((e.file ??= file), e);
    if (err instanceof NianbaoError) return named(err);
    const e = err as { name?: string; code?: string; message?: string; issues?: { path: PropertyKey[]; message: string }[] } | undefined;
    if (e?.code === 'ENOENT' || e?.code === 'EACCES') return named(new NianbaoError('unreadable', `cannot read the file (${e.code})`, { cause: err }));
    const issue = e?.name === 'ZodError' ? e.issues?.[0] : undefined;
    const what = issue ? `the record does not match the schema at ${issue.path.map(String).join('.')}: ${issue.message}` : (e?.message ?? String(err));
    return named(new NianbaoError('internal', `internal error: ${oneLine(what)}`, { cause: err }));
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

/** A message on one line, of bounded length (a stack or a multi-line message would break the CLI's and the store's lines). */
export function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').slice(0, 1000);
}
