// Preloaded into the CLI under test: its peak resident memory (KiB) on stderr's last line, for the hostile-corpus bounds.
import { writeSync } from 'node:fs';
process.on('exit', () => writeSync(2, `\nMAXRSS ${process.resourceUsage().maxRSS}\n`));
