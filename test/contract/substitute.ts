/**
 * CloudFormation's deploy-time view of the launch template's user data: the text EC2 hands to the
 * instance after `Fn::Sub` has replaced every `${Name}` with a parameter value and every `${!x}`
 * with the literal `${x}`, and before `Fn::Base64` (which EC2 undoes).
 */
import { isPlainObject } from './violations';

/** Values CloudFormation gives the pseudo parameters in our checks (a stack in us-east-1). */
export const PSEUDO_PARAMETERS: Readonly<Record<string, string>> = {
  'AWS::Region': 'us-east-1',
  'AWS::Partition': 'aws',
  'AWS::AccountId': '111122223333',
  'AWS::StackName': 'stack',
  'AWS::URLSuffix': 'amazonaws.com',
};

export class SubstitutionError extends Error {}

/** The single AWS::EC2::LaunchTemplate's LaunchTemplateData.UserData, as EC2 receives it (decoded). */
export function userDataOf(template: object, overrides: Readonly<Record<string, string>> = {}): string {
  const resources = isPlainObject(template) && isPlainObject(template.Resources) ? template.Resources : {};
  const launchTemplates = Object.entries(resources).filter(([, r]) => isPlainObject(r) && r.Type === 'AWS::EC2::LaunchTemplate');
  if (launchTemplates.length !== 1) {
    throw new SubstitutionError(`expected exactly one AWS::EC2::LaunchTemplate, found ${launchTemplates.length}`);
  }
  const [logicalId, resource] = launchTemplates[0];
  const props = isPlainObject(resource) && isPlainObject(resource.Properties) ? resource.Properties : {};
  const data = isPlainObject(props.LaunchTemplateData) ? props.LaunchTemplateData : {};
  const userData = data.UserData;
  if (!isPlainObject(userData) || !('Fn::Base64' in userData)) {
    throw new SubstitutionError(`${logicalId}: LaunchTemplateData.UserData must be {"Fn::Base64": ...}`);
  }
  const parameters = isPlainObject(template) && isPlainObject(template.Parameters) ? template.Parameters : {};
  return evaluate(userData['Fn::Base64'], { parameters, overrides, where: `${logicalId} UserData` });
}

interface Scope {
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly overrides: Readonly<Record<string, string>>;
  /** For error messages. */
  readonly where: string;
}

/** A string, `{"Fn::Sub": text}`, `{"Fn::Sub": [text, {var: value}]}` or `{"Ref": name}`. */
function evaluate(node: unknown, scope: Scope): string {
  if (typeof node === 'string') return node;
  if (isPlainObject(node) && typeof node.Ref === 'string') return valueOf(node.Ref, scope);
  if (isPlainObject(node) && 'Fn::Sub' in node) {
    const sub = node['Fn::Sub'];
    if (typeof sub === 'string') return substitute(sub, scope, {});
    if (Array.isArray(sub) && sub.length === 2 && typeof sub[0] === 'string' && isPlainObject(sub[1])) {
      const vars = Object.fromEntries(Object.entries(sub[1]).map(([k, v]) => [k, evaluate(v, scope)]));
      return substitute(sub[0], scope, vars);
    }
  }
  throw new SubstitutionError(`${scope.where}: cannot evaluate ${JSON.stringify(node)}`);
}

/** Fn::Sub: `${Name}` → value, `${!Literal}` → `${Literal}`. */
function substitute(text: string, scope: Scope, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{([^}]*)\}/g, (_whole, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    if (Object.prototype.hasOwnProperty.call(vars, inner)) return vars[inner];
    return valueOf(inner, scope);
  });
}

/** A parameter's value: the override, else the Default; a pseudo parameter's fixed value. */
function valueOf(name: string, scope: Scope): string {
  if (Object.prototype.hasOwnProperty.call(scope.overrides, name)) return scope.overrides[name];
  if (Object.prototype.hasOwnProperty.call(PSEUDO_PARAMETERS, name)) return PSEUDO_PARAMETERS[name];
  const parameter = scope.parameters[name];
  if (!isPlainObject(parameter)) {
    const kind = name.includes('.') ? 'an attribute (Fn::GetAtt)' : 'not a parameter (a resource?)';
    throw new SubstitutionError(`${scope.where}: \${${name}} is ${kind}; give its value in overrides`);
  }
  if (typeof parameter.Type === 'string' && parameter.Type.startsWith('AWS::SSM::Parameter::Value<')) {
    // The Default is the SSM path, not the value CloudFormation substitutes.
    throw new SubstitutionError(`${scope.where}: \${${name}} is an SSM parameter; give its value in overrides`);
  }
  const value = parameter.Default;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new SubstitutionError(`${scope.where}: parameter ${name} has no Default; give its value in overrides`);
}
