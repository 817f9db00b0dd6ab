/**
 * What makes a template change dangerous, beyond what the diff shows: the summary a reviewer must
 * not miss. Pure; the diff itself is @aws-cdk/cloudformation-diff's.
 */
type Json = Record<string, unknown>;

const WORLD = new Set(['0.0.0.0/0', '::/0']);
/** Managed policies that hand out (nearly) everything. */
const BROAD_POLICIES = /policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;

function resourcesOf(template: unknown): Record<string, { Type?: string; Properties?: Json }> {
  return ((template as { Resources?: Record<string, { Type?: string; Properties?: Json }> } | null)?.Resources ?? {});
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Json | null;
  if (v && typeof v['Fn::Sub'] === 'string') return v['Fn::Sub'] as string;
  return JSON.stringify(value);
}

/** Alerts about one template: broad IAM policies, "*" actions, ingress open to the internet. */
export function riskAlerts(template: unknown): string[] {
  const alerts: string[] = [];
  for (const [id, r] of Object.entries(resourcesOf(template))) {
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::IAM::Role' || r.Type === 'AWS::IAM::ManagedPolicy' || r.Type === 'AWS::IAM::Policy') {
      for (const arn of (p.ManagedPolicyArns as unknown[] | undefined) ?? []) {
        if (BROAD_POLICIES.test(text(arn))) alerts.push(`IAM: ${id} gets ${text(arn).split('/').pop()}`);
      }
      const docs = [...(((p.Policies as Array<{ PolicyDocument?: Json }>) ?? []).map((x) => x.PolicyDocument)), p.PolicyDocument as Json | undefined];
      for (const doc of docs) {
        for (const st of ((doc?.Statement as Json[] | undefined) ?? [])) {
          const actions = ([] as unknown[]).concat(st.Action ?? []);
          if (st.Effect === 'Allow' && actions.some((a) => a === '*' || a === '*:*')) alerts.push(`IAM: ${id} allows every action ("*")`);
        }
      }
    }
    const ingress: Json[] = r.Type === 'AWS::EC2::SecurityGroupIngress' ? [p] : r.Type === 'AWS::EC2::SecurityGroup' ? ((p.SecurityGroupIngress as Json[]) ?? []) : [];
    for (const rule of ingress) {
      const cidr = text(rule.CidrIp ?? rule.CidrIpv6 ?? '');
      if (!WORLD.has(cidr)) continue;
      const all = String(rule.IpProtocol) === '-1';
      const ports = all ? 'all ports' : rule.FromPort === rule.ToPort ? `port ${text(rule.FromPort)}` : `ports ${text(rule.FromPort)}-${text(rule.ToPort)}`;
      const ssh = all || (Number(rule.FromPort) <= 22 && Number(rule.ToPort) >= 22);
      alerts.push(`SECURITY GROUP: ${id} opens ${ports}${ssh ? ' (SSH)' : ''} to the whole internet (${cidr})`);
    }
  }
  return alerts;
}

/** Alerts the new template has and the old one did not. */
export function newRiskAlerts(oldTemplate: unknown, newTemplate: unknown): string[] {
  const before = new Set(riskAlerts(oldTemplate));
  return riskAlerts(newTemplate).filter((a) => !before.has(a));
}
