/**
 * A strict schema for the rendered ConfigMap and its mapRoles entries: what we write is read back
 * and checked before it is written, so a bug in rendering cannot lock a user out of the cluster.
 */
import { load } from 'js-yaml';
import { compileSchema, schemaProblems } from '../config/parse';
import { JsonSchema } from '../config/schema';
import { Problem } from '../problems';
import { AWS_AUTH_NAME, AWS_AUTH_NAMESPACE } from './build';

const ROLE_ARN_WITHOUT_PATH = '^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/[\\w+=,.@-]{1,64}$';

const mapRolesSchema: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['rolearn', 'username', 'groups'],
    properties: {
      rolearn: { type: 'string', pattern: ROLE_ARN_WITHOUT_PATH },
      username: { type: 'string', minLength: 1 },
      groups: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 } },
    },
  },
};

const configMapSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'metadata', 'data'],
  properties: {
    apiVersion: { const: 'v1' },
    kind: { const: 'ConfigMap' },
    metadata: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'namespace'],
      properties: { name: { const: AWS_AUTH_NAME }, namespace: { const: AWS_AUTH_NAMESPACE } },
    },
    data: {
      type: 'object',
      additionalProperties: false,
      required: ['mapRoles'],
      properties: { mapRoles: { type: 'string' } },
    },
  },
};

const validateConfigMap = compileSchema<{ data: { mapRoles: string } }>(configMapSchema);
const validateMapRoles = compileSchema<unknown[]>(mapRolesSchema);

/** Problems with a rendered aws-auth-cm.yaml; pointers are into that document. */
export function checkRenderedAwsAuth(yamlText: string): Problem[] {
  const doc = load(yamlText);
  if (!validateConfigMap()(doc)) return schemaProblems(validateConfigMap().errors ?? [], doc);
  const roles = load(doc.data.mapRoles);
  if (!validateMapRoles()(roles)) {
    return schemaProblems(validateMapRoles().errors ?? [], roles).map((p) => ({ ...p, pointer: `/data/mapRoles${p.pointer}` }));
  }
  return [];
}
