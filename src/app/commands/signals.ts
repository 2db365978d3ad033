/** How ingest and worker stop: Ctrl-C once finishes the documents in progress, twice (or SIGTERM) abandons them. */
import type { BatchControl } from '../batch/ingest.js';

/** Stop `control` on SIGINT and SIGTERM, `tell` saying how at each Ctrl-C; returns the function that removes the handlers. */
export function stopOnSignals(control: BatchControl, tell: (mode: 'finish' | 'abandon') => void): () => void {
  const onInt = () => {
    const mode = control.mode ? 'abandon' : 'finish';
    tell(mode);
    control.stop(mode);
  };
  const onTerm = () => control.stop('abandon');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return () => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  };
}
