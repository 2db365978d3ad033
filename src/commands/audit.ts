/** `nianbao audit`: not built yet (issue 6). Says so rather than pretending. */
export const HELP = 'nianbao audit: not available yet';

export async function run(_args: string[]): Promise<number> {
  process.stderr.write('nianbao audit: not available yet\n');
  return 2;
}
