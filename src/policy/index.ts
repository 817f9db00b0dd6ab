/**
 * Policy as code: the config's `policy` (check the templates against AWS Control Tower's proactive
 * controls with cfn-guard) and `compliance` (make them pass). guard.ts runs cfn-guard; controls.ts
 * holds what the controls check; profile.ts is what the compliance profile changes and refuses.
 */
import type { Config } from '../config/types';
import { OutputFile, withChanges } from '../io';

/** The config's templates marked for cfn-guard: its policy reports, its compliance profile enforces. */
export function withPolicy<F extends OutputFile>(files: readonly F[], config: Config): F[] {
  if (config.policy === null) return [...files];
  const guard = config.compliance !== null ? 'enforce' : 'report';
  return files.map((f) => (f.cfnTemplate ? withChanges(f, { guard }) : f));
}
