/**
 * SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/) from the findings of a run, for
 * code-scanning annotations: one run per tool (eksng's own checks, cfn-lint, cfn-guard), rule ids (a
 * Control Tower control id such as CT.EC2.PR.2 for cfn-guard), the file
 * and, where known, the line. Built from cfn-lint's JSON output, so users need no extra Python
 * packages (cfn-lint's own SARIF output does). Pure.
 */
import type { Log, ReportingDescriptor, Result, Run } from 'sarif';
import { Finding } from './findings';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = {
  eksng: 'https://github.com/eks-nodegroup-gen/eks-nodegroup-gen#readme',
  'cfn-lint': 'https://github.com/aws-cloudformation/cfn-lint',
  'cfn-guard': 'https://github.com/aws-cloudformation/cloudformation-guard',
} as const;

export function buildSarif(findings: readonly Finding[], eksngVersion: string): Log {
  const runs: Run[] = (['eksng', 'cfn-lint', 'cfn-guard'] as const)
    .filter((tool) => tool === 'eksng' || findings.some((f) => f.tool === tool))
    .map((tool) => {
      const mine = findings.filter((f) => f.tool === tool);
      const rules: ReportingDescriptor[] = [...new Map(mine.map((f) => [f.ruleId, f])).values()]
        .sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)) // code-unit order: the same in every locale
        .map((f) => ({ id: f.ruleId, ...(f.ruleName ? { shortDescription: { text: f.ruleName } } : {}) }));
      return {
        tool: { driver: { name: tool, informationUri: INFORMATION_URI[tool], ...(tool === 'eksng' ? { version: eksngVersion } : {}), rules } },
        results: mine.map((f) => result(f, rules.findIndex((r) => r.id === f.ruleId))),
      };
    });
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs };
}

function result(f: Finding, ruleIndex: number): Result {
  const message = f.pointer && f.tool !== 'cfn-lint' ? `${f.message} (at ${f.pointer})` : f.message;
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: f.level,
    message: { text: message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: f.file.split('\\').join('/') },
          ...(f.line === null ? {} : { region: { startLine: f.line, ...(f.column === null ? {} : { startColumn: f.column }) } }),
        },
      },
    ],
  };
}
