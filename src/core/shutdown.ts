/**
 * Resources that outlive one document (the OCR worker) register how to free
 * them here, so that a command can release everything at exit without
 * importing modules it never used.
 */
const hooks = new Set<() => Promise<void> | void>();

export function onShutdown(hook: () => Promise<void> | void): void {
  hooks.add(hook);
}

export async function shutdown(): Promise<void> {
  const all = [...hooks];
  hooks.clear();
  await Promise.allSettled(all.map((h) => h()));
}
