/**
 * Request-body validation of the stand-in Model Registry, as the Kubeflow Model Registry REST server v0.3.8
 * does it (spec `api/openapi/model-registry.yaml` at tag v0.3.8, commit cc86b769; server code read from
 * `internal/server/openapi/api_model_registry_service.go`, `pkg/openapi/model_metadata_value.go`,
 * `internal/converter/openapi_embedmd_converter_util.go`):
 *
 * - `ModelVersionUpdate` (body of `updateModelVersion`) is decoded with `DisallowUnknownFields`: an unknown
 *   top-level field is 400 `json: unknown field "x"`. Allowed: customProperties, description, externalId, state
 *   (`ModelVersionState`: LIVE | ARCHIVED), author.
 * - Each `customProperties` value is a `MetadataValue` chosen by its `metadataType`; an unknown type is 400
 *   `metadataType not found for <key>`; a value of the wrong JSON type fails to decode (400).
 * - `MetadataIntValue.int_value` is a decimal string; the server stores int32.
 *
 * Where the v0.3.8 server is lax and the spec (or the newer spec on `main`) is strict, the stand-in is strict,
 * so a client that passes here passes on both: required value fields must be present (the spec's `required`),
 * a value object must not carry unknown fields (main: `additionalProperties: false`), and `int_value` must
 * match main's pattern `^-?([1-9][0-9]{0,8}|0)$`.
 */

/** A 400 answer's message, or undefined when the body is valid. */
export type Problem = string | undefined;

const MODEL_VERSION_UPDATE_FIELDS = ['customProperties', 'description', 'externalId', 'state', 'author'];
const MODEL_VERSION_STATES = ['LIVE', 'ARCHIVED'];
const INT32_PATTERN = /^-?([1-9][0-9]{0,8}|0)$/;

/** Value fields of each MetadataValue variant (spec v0.3.8 `components.schemas.Metadata*Value`) and their JSON types. */
const METADATA_VALUE_FIELDS: Record<string, Record<string, 'string' | 'number' | 'boolean'>> = {
  MetadataIntValue: { int_value: 'string' },
  MetadataDoubleValue: { double_value: 'number' },
  MetadataStringValue: { string_value: 'string' },
  MetadataStructValue: { struct_value: 'string' },
  MetadataProtoValue: { type: 'string', proto_value: 'string' },
  MetadataBoolValue: { bool_value: 'boolean' },
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates a `ModelVersionUpdate` (operation updateModelVersion). */
export function validateModelVersionUpdate(body: unknown): Problem {
  if (!isObject(body)) return 'json: cannot unmarshal into Go value of type openapi.ModelVersionUpdate';
  const unknown = Object.keys(body).find((key) => !MODEL_VERSION_UPDATE_FIELDS.includes(key));
  if (unknown !== undefined) return `json: unknown field "${unknown}"`;
  for (const field of ['description', 'externalId', 'author']) {
    if (field in body && typeof body[field] !== 'string') return `json: cannot unmarshal ${jsonType(body[field])} into Go struct field ModelVersionUpdate.${field} of type string`;
  }
  if ('state' in body && !MODEL_VERSION_STATES.includes(body.state as string)) return `${JSON.stringify(body.state)} is not a valid ModelVersionState`;
  if ('customProperties' in body) return validateCustomProperties(body.customProperties);
  return undefined;
}

/** Validates a `customProperties` map (name → MetadataValue). */
export function validateCustomProperties(properties: unknown): Problem {
  if (!isObject(properties)) return `json: cannot unmarshal ${jsonType(properties)} into Go struct field customProperties of type map[string]openapi.MetadataValue`;
  for (const [key, value] of Object.entries(properties)) {
    const problem = validateMetadataValue(key, value);
    if (problem) return problem;
  }
  return undefined;
}

function validateMetadataValue(key: string, value: unknown): Problem {
  if (!isObject(value)) return `failed to unmarshal JSON into map for the discriminator lookup (customProperties.${key})`;
  const fields = METADATA_VALUE_FIELDS[value.metadataType as string];
  if (fields === undefined) return `bad request: metadataType not found for ${key}: ${JSON.stringify(value)}`;
  const variant = value.metadataType as string;
  const extra = Object.keys(value).find((field) => field !== 'metadataType' && !(field in fields));
  if (extra !== undefined) return `customProperties.${key}: unknown field "${extra}" in ${variant}`;
  for (const [field, type] of Object.entries(fields)) {
    if (!(field in value)) return `customProperties.${key}: ${variant} requires ${field}`;
    if (typeof value[field] !== type) return `failed to unmarshal MetadataValue as ${variant}: json: cannot unmarshal ${jsonType(value[field])} into Go struct field ${variant}.${field} of type ${goType(type)}`;
  }
  if (variant === 'MetadataIntValue' && !INT32_PATTERN.test(value.int_value as string)) return `bad request: unable to decode as int32 ${JSON.stringify(value.int_value)} for key ${key}`;
  return undefined;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}

function goType(type: string): string {
  return type === 'number' ? 'float64' : type === 'boolean' ? 'bool' : 'string';
}
