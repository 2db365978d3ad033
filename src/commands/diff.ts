/** `nianbao diff`: not built yet (issue 6). Says so rather than pretending. */
export const HELP = 'nianbao diff: not available yet';

export async function run(_args: string[]): Promise<number> {
  process.stderr.write('nianbao diff: not available yet\n');
  return 2;
}
