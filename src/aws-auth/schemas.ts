/**
 * The JSON Schemas of aws-auth ConfigMaps: what eksng writes (strict) and what it reads from a
 * cluster (aws-iam-authenticator's RoleMapping and UserMapping fields). Data only; the validators
 * are compiled from them ahead of time (src/validation).
 */
import type { JsonSchema } from '../config/schema';
import { AWS_AUTH_NAME, AWS_AUTH_NAMESPACE } from './build';

const ROLE_ARN_WITHOUT_PATH = '^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/[\\w+=,.@-]{1,64}$';

export const freshConfigMapSchema: JsonSchema = {
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
    data: { type: 'object', additionalProperties: false, required: ['mapRoles'], properties: { mapRoles: { type: 'string' } } },
  },
};
export const freshMapRolesSchema: JsonSchema = {
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

const ROLE_ARN = '^arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]+$';
const USER_ARN = '^arn:aws[a-z-]*:(iam::[0-9]{12}:(user|root)|sts::[0-9]{12}:assumed-role)[\\w+=,.@/-]*$';
const groups = { type: 'array', items: { type: 'string', minLength: 1 } };

/** aws-iam-authenticator's RoleMapping and UserMapping fields (unknown keys are typos it would ignore): the same but for their ARN. */
const mappings = (arnKey: 'rolearn' | 'userarn', pattern: string): JsonSchema => ({
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: [arnKey, 'username'],
    properties: { [arnKey]: { type: 'string', pattern }, username: { type: 'string', minLength: 1 }, groups, userid: { type: 'string' } },
  },
});
export const mapRolesSchema: JsonSchema = mappings('rolearn', ROLE_ARN);
export const mapUsersSchema: JsonSchema = mappings('userarn', USER_ARN);
export const currentConfigMapSchema: JsonSchema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata'],
  properties: {
    apiVersion: { const: 'v1' },
    kind: { const: 'ConfigMap' },
    metadata: {
      type: 'object',
      required: ['name', 'namespace'],
      properties: { name: { const: AWS_AUTH_NAME }, namespace: { const: AWS_AUTH_NAMESPACE } },
    },
    data: { type: 'object', additionalProperties: { type: 'string' } },
  },
};
