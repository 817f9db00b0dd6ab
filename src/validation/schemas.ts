/** Every JSON Schema eksng validates with; the validators are generated from this list. */
import { currentConfigMapSchema, freshConfigMapSchema, freshMapRolesSchema, mapRolesSchema, mapUsersSchema } from '../aws-auth/schemas';
import { configSchema, JsonSchema } from '../config/schema';

export const SCHEMAS = {
  config: configSchema,
  awsAuthFresh: freshConfigMapSchema,
  awsAuthFreshMapRoles: freshMapRolesSchema,
  awsAuthCurrent: currentConfigMapSchema,
  mapRoles: mapRolesSchema,
  mapUsers: mapUsersSchema,
} as const satisfies Record<string, JsonSchema>;

export type SchemaName = keyof typeof SCHEMAS;
