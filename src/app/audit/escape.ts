/**
 * Escaping for the audit page. A report is untrusted input: agency names,
 * raw cell text and findings' messages all come from the source, so every
 * one of them goes through these before it reaches the HTML.
 */
const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for element content or a quoted attribute value. */
export function escapeHtml(s: string | number | null | undefined): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => HTML[c]!);
}

/**
 * JSON to embed in `<script type="application/json">`: `<`, `>` and `&` as
 * \u escapes so no `</script>` or `<!--` can end the block early, and the
 * line separators JavaScript once treated as newlines.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
