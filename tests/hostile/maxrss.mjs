// Preloaded into the CLI under test: its peak resident memory (KiB) on stderr's last line, for the hostile-corpus bounds.
// VmHWM is this program's own high-water mark; getrusage's maxRSS keeps the parent's from before exec.
import { readFileSync, writeSync } from 'node:fs';

function peakKib() {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // not Linux: fall back to getrusage
  }
  return process.resourceUsage().maxRSS;
}

process.on('exit', () => writeSync(2, `\nMAXRSS ${peakKib()}\n`));
