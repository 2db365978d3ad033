/**
 * Build dist/ once, as a user does (`npm run build`), before any suite runs:
 * the batch tests run the built CLI and its child processes.
 */
import { execFileSync } from 'node:child_process';

export default function globalSetup() {
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
}
