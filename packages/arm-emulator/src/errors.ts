/**
 * ARM's error body (`{"error": {"code", "message", "target"?, "details"?, "additionalInfo"?}}`, per the
 * azure-resource-manager-rpc format). Handlers throw `ArmError`; the pipeline turns it into the response.
 */

export interface ArmErrorDetail {
  code: string;
  message: string;
  target?: string;
  details?: ArmErrorDetail[];
  additionalInfo?: Array<{ type: string; info: unknown }>;
}

export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ArmError';
  }

  toBody(): { error: ArmErrorDetail } {
    return { error: { code: this.code, message: this.message, ...(this.target ? { target: this.target } : {}) } };
  }
}

/**
 * Accepts `ArmError` and any error that carries an HTTP `status` and an ARM `code` (other helpers' request errors),
 * so providers need not convert their own error classes.
 */
export function asArmError(error: unknown): ArmError | undefined {
  if (error instanceof ArmError) return error;
  if (!(error instanceof Error)) return undefined;
  const { status, code, target } = error as Error & { status?: unknown; code?: unknown; target?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 599 || typeof code !== 'string') return undefined;
  return new ArmError(status, code, error.message, typeof target === 'string' ? target : undefined);
}

export function resourceNotFound(resourceType: string, name: string, resourceGroup?: string): ArmError {
  const where = resourceGroup === undefined ? '' : ` under resource group '${resourceGroup}'`;
  return new ArmError(404, 'ResourceNotFound', `The Resource '${resourceType}/${name}'${where} was not found.`);
}

export function parentResourceNotFound(parentType: string, parentName: string): ArmError {
  return new ArmError(
    404,
    'ParentResourceNotFound',
    `Can not perform requested operation on nested resource. Parent resource '${parentName}' (${parentType}) not found.`,
  );
}

export function resourceGroupNotFound(resourceGroup: string): ArmError {
  return new ArmError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`);
}

/** A request body field that is missing or malformed; names the field and what was expected. */
export function invalidField(field: string, expected: string, code = 'InvalidRequestFormat'): ArmError {
  return new ArmError(400, code, `Invalid value for '${field}': expected ${expected}.`, field);
}

export function preconditionFailed(resourceType: string, name: string, reason: string): ArmError {
  return new ArmError(412, 'PreconditionFailed', `The condition on '${resourceType}/${name}' was not met: ${reason}.`);
}
