import Ajv, { type ErrorObject } from 'ajv';
import approvalPolicySchema from '../../../schema/approval-policy.schema.json';

/** The published schema is the single source of truth for the policy's shape; this only runs it and words its errors. */
const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
const validateShape = ajv.compile(approvalPolicySchema);

export function schemaProblems(value: unknown): string[] {
  if (validateShape(value)) return [];
  return (validateShape.errors ?? []).map(describeSchemaError);
}

function describeSchemaError(error: ErrorObject): string {
  const at = error.instancePath || '';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${at}/${String(params.missingProperty)}: is required`;
    case 'additionalProperties': {
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return `${at}/${String(params.additionalProperty)}: unknown property; expected one of ${allowed.join(', ')}`;
    }
    case 'enum':
      return `${at || '/'}: is ${JSON.stringify(error.data)}; expected one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `${at || '/'}: is ${JSON.stringify(error.data)}; expected ${JSON.stringify(params.allowedValue)}`;
    case 'type':
      return `${at || '/'}: expected ${String(params.type)}, got ${describeType(error.data)}`;
    case 'minItems':
    case 'minProperties':
    case 'minLength':
      return params.limit === 1
        ? `${at || '/'}: must not be empty`
        : `${at || '/'}: ${error.message ?? 'is too short'}`;
    default:
      return `${at || '/'}: ${error.message ?? `fails ${error.keyword}`}`;
  }
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
