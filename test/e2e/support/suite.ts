/**
 * How an end-to-end suite runs: when moto_server and aws are on the PATH, as a normal describe;
 * where they are missing, skipped with one line saying so — except under CI=true, where a missing
 * tool fails the run (CI must run the deploy tests).
 */
import { toolsAvailable } from './moto';

export function e2eSuite(what: string): (name: string, fn: () => void) => void {
  const tools = toolsAvailable();
  if (tools.ok) return describe;
  if (process.env.CI === 'true') {
    return (name) =>
      describe(name, () => {
        it('needs moto_server and aws under CI=true', () => {
          throw new Error(`${tools.missing.join(' and ')} not on PATH: CI must run the ${what}`);
        });
      });
  }
  process.stderr.write(`${what} skipped: ${tools.missing.join(' and ')} not on PATH (pip install "moto[server]" awscli)\n`);
  return describe.skip;
}
