/** aws-auth end to end: merge (or start fresh), render, read back and check. Pure. */
import { ValidationFailedError } from '../errors';
import { problemFindings } from '../findings';
import { renderAwsAuth, renderMergedAwsAuth } from './build';
import { checkRenderedAwsAuth } from './check';
import { CurrentAwsAuth, LAST_APPLIED, SERVER_MANAGED_METADATA } from './current';
import { mergeAwsAuth, MergeReport, NodeRole, requiredGroups } from './merge';

export const AWS_AUTH_FILE = 'aws-auth-cm.yaml';

export interface AwsAuthResult {
  readonly content: string;
  readonly report: MergeReport;
}

/**
 * @param current the cluster's ConfigMap to merge into, with the name of the file it came from; null for a fresh one
 */
export function produceAwsAuth(keep: readonly NodeRole[], remove: readonly NodeRole[], current: { readonly awsAuth: CurrentAwsAuth; readonly file: string } | null): AwsAuthResult {
  const { document, report } = mergeAwsAuth(current?.awsAuth ?? null, keep, remove);
  const changed = report.added.length > 0 || report.removed.length > 0 || report.updated.length > 0;
  const mapRoles = String((document.data as Record<string, unknown>).mapRoles);
  // YAML is edited in place (every value eksng does not own keeps its text); JSON has typed values and is written anew as YAML.
  const content =
    current && !current.awsAuth.text.trimStart().startsWith('{')
      ? renderMergedAwsAuth(current.awsAuth.text, changed ? mapRoles : null, current.file, SERVER_MANAGED_METADATA, LAST_APPLIED)
      : renderAwsAuth(document, current?.file ?? null);
  const problems = checkRenderedAwsAuth(content, requiredGroups(keep), current?.awsAuth ?? null, report.removed, report.gainedGroups);
  if (problems.length > 0) {
    throw new ValidationFailedError(`the rendered ${AWS_AUTH_FILE} failed its own check, so it was not written (a bug in eksng; please report it)`, problemFindings(AWS_AUTH_FILE, problems, null));
  }
  return { content, report };
}

export type { NodeRole, MergeReport } from './merge';
