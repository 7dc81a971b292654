import { isPlainObject } from '../plain-object';

/**
 * The raw connections a JSON document holds: one connection, an ARM list (`{"value": [...]}`), a plain array, or a
 * REST spec example (`{"parameters", "responses"}`). A spec example's responses are alternatives for one request
 * (200 or 201 ...), so only the first success response with a body counts; its request parameters are ignored
 * because a request body carries no connection ID.
 */
export function connectionsInDocument(document: unknown): unknown[] {
  if (isSpecExample(document)) {
    const body = successBodies(document.responses)[0];
    return body === undefined ? [] : connectionsInDocument(body);
  }
  if (Array.isArray(document)) return document;
  if (isPlainObject(document) && Array.isArray(document.value)) return document.value;
  return [document];
}

function isSpecExample(document: unknown): document is { responses: Record<string, unknown> } {
  return isPlainObject(document) && isPlainObject(document.responses) && !('id' in document);
}

function successBodies(responses: Record<string, unknown>): unknown[] {
  return Object.keys(responses)
    .filter((status) => /^2\d\d$/.test(status))
    .sort()
    .map((status) => responses[status])
    .filter(isPlainObject)
    .map((response) => response.body)
    .filter((body) => isPlainObject(body) && ('id' in body || Array.isArray(body.value)));
}
