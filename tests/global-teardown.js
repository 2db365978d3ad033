/** Stop the throwaway Postgres global-setup.js started, if it started one. */
export default function globalTeardown() {
  globalThis.__nianbaoPgCluster?.stop();
}
