/**
 * Schema check with kubeconform semantics: the schema of each document is looked up by kubeconform's
 * `-schema-location` templates, tried in order (first existing file wins), and the document is validated against
 * it with Ajv in strict mode. A kind without schema is an error unless allowed.
 *
 * Schemas:
 * - The Kubernetes standalone-strict schemas declare `"$schema": "http://json-schema.org/schema#"`, JSON Schema's
 *   "latest draft" address, which kubeconform's validator (santhosh-tekuri/jsonschema v6) reads as 2020-12: they are
 *   compiled with Ajv2020.
 * - The CRD schemas declare nothing; kubeconform then defaults to draft 4. Ajv has no draft 4; its default class
 *   (draft-07) reads the keywords these files use (no `$ref`, no `id`, no boolean `exclusiveMinimum`) the same way.
 * - Both set `additionalProperties: false` on every object below the top level (standalone-strict; the CRD schemas
 *   follow the CRDs-catalog strict conversion), so unknown fields are errors. The CRD schemas leave the top level
 *   open, as in kubeconform; `spec` and `metadata` are closed.
 *
 * Ajv's strict mode stays on for unknown keywords and formats: the Kubernetes extension keywords (`x-kubernetes-*`)
 * and formats (`int32`, `int64`, `byte`, ...) are registered explicitly, so a schema using anything else fails to
 * compile instead of being silently half-checked. Only `strictTypes` is off: the int-or-string fields of the CRDs
 * put `pattern` next to `anyOf: [{type: integer}, {type: string}]`, valid JSON Schema that this Ajv lint refuses.
 * Formats are asserted (kubeconform ignores int32/int64/byte), which is stricter, never looser.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, Options, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { isEmptyDocument, isObject, ManifestDocument, problemIn } from './documents';
import { PathSegment, Problem } from './report';

/** The Kubernetes version of the default core schemas. */
export const KUBERNETES_VERSION = '1.28.0';

/** Location of the Kubernetes core schemas; the literal `default` in a location list stands for it. */
export const DEFAULT_K8S_SCHEMA_LOCATION =
  '../shared/schemas/k8s/v1.28.0-standalone-strict/{{.ResourceKind}}{{.KindSuffix}}.json';

/** Location of the schemas generated from the CRDs in ../shared/crds. */
export const DEFAULT_CRD_SCHEMA_LOCATION = '../shared/schemas/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json';

/** Locations used when none is given. */
export const DEFAULT_SCHEMA_LOCATIONS: readonly string[] = [DEFAULT_K8S_SCHEMA_LOCATION, DEFAULT_CRD_SCHEMA_LOCATION];

/** The project root (where package.json is); relative schema locations start here. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** kubeconform appends this to a location that does not end in `json` (a folder of versioned schema sets). */
const KUBERNETES_SCHEMA_SET_SUFFIX =
  '/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json';

/**
 * Kinds that embed whole objects with schemas of their own: after the kind's own schema, each embedded object is
 * validated (see checkEmbedded). Tekton Triggers' CRDs carry no structural schema (the Triggers admission webhook
 * validates instead), so the schema of a TriggerTemplate in ../shared accepts any spec; the PipelineRuns it
 * embeds are what ArgoCD never sees and a cluster would refuse only when the trigger fires.
 */
const EMBEDDED_OBJECT_LISTS: Readonly<Record<string, readonly string[]>> = {
  'triggers.tekton.dev/v1beta1/TriggerTemplate': ['spec', 'resourcetemplates'],
};

/** Options of the schema check. */
export interface SchemaCheckOptions {
  /** kubeconform `-schema-location` templates, tried in order; default {@link DEFAULT_SCHEMA_LOCATIONS}. */
  readonly schemaLocations?: readonly string[];
  /** `apiVersion/Kind` entries (for example `example.com/v1/Widget`) that may have no schema. */
  readonly allowKinds?: readonly string[];
  /** Directory that relative locations start from; default {@link PROJECT_ROOT}. */
  readonly baseDir?: string;
}

/** The result of looking up the schema of one apiVersion and kind. */
type SchemaLookup =
  | ({ readonly found: true; readonly file: string } & CompiledSchema)
  | { readonly found: false; readonly tried: readonly string[] };

/**
 * The variables kubeconform fills into a location template, for an object's apiVersion and kind.
 * For `rbac.authorization.k8s.io/v1` Role: ResourceKind `role`, KindSuffix `-rbac-v1` (first dot-segment of the
 * group), Group `rbac.authorization.k8s.io`, ResourceAPIVersion `v1`. For core `v1` ConfigMap: KindSuffix `-v1` and
 * Group `v1` (kubeconform's own quirk).
 */
export function templateVariables(apiVersion: string, kind: string): Record<string, string> {
  const groupParts = apiVersion.split('/');
  const versionParts = groupParts[0].split('.');
  let kindSuffix = '-' + versionParts[0].toLowerCase();
  if (groupParts.length > 1) {
    kindSuffix += '-' + groupParts[1].toLowerCase();
  }
  return {
    NormalizedKubernetesVersion: 'v' + KUBERNETES_VERSION,
    StrictSuffix: '-strict',
    ResourceKind: kind.toLowerCase(),
    ResourceAPIVersion: groupParts[groupParts.length - 1],
    Group: groupParts[0],
    KindSuffix: kindSuffix,
  };
}

/**
 * Turns one `-schema-location` argument into a full template the way kubeconform does: `default` is the
 * Kubernetes location, a location not ending in `json` gets the versioned schema-set path appended.
 */
export function normalizeSchemaLocation(location: string): string {
  if (location === 'default') {
    return DEFAULT_K8S_SCHEMA_LOCATION;
  }
  if (/^https?:/.test(location)) {
    throw new Error(`schema location ${location}: only local files are supported (this check runs offline)`);
  }
  return location.endsWith('json') ? location : location + KUBERNETES_SCHEMA_SET_SUFFIX;
}

/** Fills a location template (Go template syntax `{{ .Name }}`) for an object's apiVersion and kind. */
export function expandSchemaLocation(template: string, apiVersion: string, kind: string): string {
  const variables = templateVariables(apiVersion, kind);
  return template.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_match, name: string) => {
    const value = variables[name];
    if (value === undefined) {
      throw new Error(`schema location ${template}: unknown variable .${name}`);
    }
    return value;
  });
}

/**
 * Validates documents against their schemas. Keep one instance for a whole run: lookups are cached per instance;
 * compiled schemas per process (see {@link compileSchema}), so that many checkers (tests) compile each schema once.
 * cached (per apiVersion/kind and per schema file).
 */
export class SchemaChecker {
  private readonly locations: readonly string[];
  private readonly allowKinds: ReadonlySet<string>;
  private readonly baseDir: string;
  private readonly lookups = new Map<string, SchemaLookup>();

  constructor(options: SchemaCheckOptions = {}) {
    this.locations = (options.schemaLocations ?? DEFAULT_SCHEMA_LOCATIONS).map(normalizeSchemaLocation);
    // Fail now on a template with an unknown variable, as kubeconform does, rather than in the middle of a run.
    this.locations.forEach((template) => expandSchemaLocation(template, 'apps/v1', 'Deployment'));
    this.allowKinds = new Set(options.allowKinds ?? []);
    this.baseDir = options.baseDir ?? PROJECT_ROOT;
  }

  /** All schema problems of one document; empty when it is valid (or empty). */
  checkDocument(doc: ManifestDocument): Problem[] {
    if (doc.parseErrors.length > 0) {
      return doc.parseErrors.map((message) => problemIn(doc, 'schema', [], message));
    }
    if (isEmptyDocument(doc)) {
      return [];
    }
    const identityProblem = checkIdentity(doc);
    if (identityProblem !== undefined) {
      return [problemIn(doc, 'schema', [], identityProblem)];
    }
    const object = doc.content as { apiVersion: string; kind: string };
    const lookup = this.lookup(object.apiVersion, object.kind);
    if (!lookup.found) {
      if (this.allowKinds.has(`${object.apiVersion}/${object.kind}`)) {
        return this.checkEmbedded(doc, `${object.apiVersion}/${object.kind}`);
      }
      const message = `no schema found for ${object.apiVersion} ${object.kind}, tried: ${lookup.tried.join(', ')}`;
      return [problemIn(doc, 'schema', [], message)];
    }
    if (lookup.validate === undefined) {
      return [problemIn(doc, 'schema', [], `cannot use schema ${lookup.file}: ${lookup.error}`)];
    }
    if (lookup.validate(doc.content)) {
      return this.checkEmbedded(doc, `${object.apiVersion}/${object.kind}`);
    }
    return describeAjvErrors(lookup.validate.errors ?? [], doc.content).map((found) =>
      problemIn(doc, 'schema', found.segments, found.message),
    );
  }

  /**
   * The objects a kind embeds (a TriggerTemplate's resource templates), each validated against its own schema like
   * a document of its own; problems carry the path inside the embedding document.
   */
  private checkEmbedded(doc: ManifestDocument, kind: string): Problem[] {
    const listPath = EMBEDDED_OBJECT_LISTS[kind];
    if (listPath === undefined) return [];
    let list: unknown = doc.content;
    for (const key of listPath) list = isObject(list) ? list[key] : undefined;
    if (!Array.isArray(list)) return [problemIn(doc, 'schema', listPath, `${kind} needs a list at ${listPath.join('.')}`)];
    return list.flatMap((item: unknown, index) => {
      const at = [...listPath, index];
      const embedded = item as { apiVersion?: unknown; kind?: unknown };
      if (!isObject(item) || typeof embedded.apiVersion !== 'string' || typeof embedded.kind !== 'string') {
        return [problemIn(doc, 'schema', at, 'an embedded object needs a string apiVersion and kind')];
      }
      const lookup = this.lookup(embedded.apiVersion, embedded.kind);
      if (!lookup.found) {
        return this.allowKinds.has(`${embedded.apiVersion}/${embedded.kind}`)
          ? []
          : [problemIn(doc, 'schema', at, `no schema found for embedded ${embedded.apiVersion} ${embedded.kind}, tried: ${lookup.tried.join(', ')}`)];
      }
      if (lookup.validate === undefined) return [problemIn(doc, 'schema', at, `cannot use schema ${lookup.file}: ${lookup.error}`)];
      if (lookup.validate(item)) return [];
      return describeAjvErrors(lookup.validate.errors ?? [], item).map((found) => problemIn(doc, 'schema', [...at, ...found.segments], found.message));
    });
  }

  /** Finds (and compiles) the schema of an apiVersion and kind; cached. */
  private lookup(apiVersion: string, kind: string): SchemaLookup {
    const key = `${apiVersion}/${kind}`;
    let result = this.lookups.get(key);
    if (result === undefined) {
      result = this.findSchema(apiVersion, kind);
      this.lookups.set(key, result);
    }
    return result;
  }

  private findSchema(apiVersion: string, kind: string): SchemaLookup {
    const tried: string[] = [];
    for (const template of this.locations) {
      const location = expandSchemaLocation(template, apiVersion, kind);
      const file = path.resolve(this.baseDir, location);
      if (fs.existsSync(file)) {
        return { found: true, file: location, ...this.compile(file) };
      }
      tried.push(location);
    }
    return { found: false, tried };
  }

  /** Compiles one schema file. A compile error is kept and reported for every document. */
  private compile(file: string): CompiledSchema {
    return compileSchema(fs.readFileSync(file, 'utf8'));
  }
}

/** A compiled schema, or why it could not be compiled. */
type CompiledSchema = { readonly validate?: ValidateFunction; readonly error?: string };

/** Compiled schemas by their text, and the two Ajv instances that hold them: one per process. */
const COMPILED = new Map<string, CompiledSchema>();
let ajvInstances: { readonly draft7: Ajv; readonly draft2020: Ajv } | undefined;

/** Compiles a schema's text, once per process for the same text. */
function compileSchema(text: string): CompiledSchema {
  let result = COMPILED.get(text);
  if (result === undefined) {
    try {
      const schema = JSON.parse(text) as Record<string, unknown>;
      ajvInstances ??= { draft7: createAjv(Ajv), draft2020: createAjv(Ajv2020) };
      const ajv = usesLatestDraft(schema) ? ajvInstances.draft2020 : ajvInstances.draft7;
      // The Ajv class already stands for the declared draft; Ajv2020 does not know the "latest" address.
      const { $schema: _declaredDraft, ...withoutDeclaration } = schema;
      result = { validate: ajv.compile(withoutDeclaration) };
    } catch (error) {
      result = { error: (error as Error).message };
    }
    COMPILED.set(text, result);
  }
  return result;
}

/** Returns why a document cannot be looked up (not a mapping, no apiVersion, no kind), or undefined. */
function checkIdentity(doc: ManifestDocument): string | undefined {
  if (!isObject(doc.content)) {
    return `document must be a mapping, got ${typeName(doc.content)}`;
  }
  const { apiVersion, kind } = doc.content;
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    return 'missing apiVersion';
  }
  if (typeof kind !== 'string' || kind === '') {
    return 'missing kind';
  }
  return undefined;
}

const LATEST_DRAFT_URIS = ['http://json-schema.org/schema#', 'https://json-schema.org/schema'];
const DRAFT_07_URIS = ['http://json-schema.org/draft-07/schema#', 'http://json-schema.org/draft-07/schema'];

/**
 * True when a schema declares JSON Schema 2020-12 (or "latest", which means 2020-12 to kubeconform), false for
 * draft-07 or no declaration. Any other declaration is refused rather than guessed.
 */
function usesLatestDraft(schema: Record<string, unknown>): boolean {
  const declared = schema.$schema;
  if (declared === undefined || DRAFT_07_URIS.includes(declared as string)) {
    return false;
  }
  if (LATEST_DRAFT_URIS.includes(declared as string) || declared === 'https://json-schema.org/draft/2020-12/schema') {
    return true;
  }
  throw new Error(`unsupported $schema ${JSON.stringify(declared)}`);
}

/** The Kubernetes OpenAPI extension keywords found in the schemas; annotations, no validation of their own. */
const KUBERNETES_KEYWORDS = [
  'x-kubernetes-embedded-resource',
  'x-kubernetes-group-version-kind',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-list-type',
  'x-kubernetes-map-type',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-patch-strategy',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-unions',
  'x-kubernetes-validations',
];

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Creates an Ajv instance of the given class with the Kubernetes keywords and formats. */
function createAjv(AjvClass: typeof Ajv | typeof Ajv2020): Ajv {
  const options: Options = {
    strict: true,
    strictTypes: false,
    allErrors: true,
    allowUnionTypes: true,
    // optimize: false only skips Ajv's clean-up passes over the generated code (same checks, same errors); it
    // halves the compile time of the large standalone-strict pod schemas (22 of them: 2.3 s → 1.1 s)
    code: { regExp: goRegExp, optimize: false },
  };
  const ajv = new AjvClass(options);
  addFormats(ajv, ['date-time', 'date']);
  ajv.addFormat('int32', { type: 'number', validate: (value) => isIntegerBetween(value, INT32_MIN, INT32_MAX) });
  ajv.addFormat('int64', { type: 'number', validate: (value) => Number.isInteger(value) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('byte', BASE64);
  ajv.addFormat('int-or-string', () => true);
  for (const keyword of KUBERNETES_KEYWORDS) {
    ajv.addKeyword({ keyword });
  }
  return ajv;
}

function isIntegerBetween(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** A Go case-insensitive flag `(?i)` at the start of a pattern, possibly after `^`. */
const LEADING_GO_CASE_FLAG = /^(\^?)\(\?i\)/;

/**
 * Compiles a schema `pattern`. The schemas come from Go, whose regular expressions (RE2) allow `(?i)` for
 * case-insensitive matching (the PrometheusRule schema has `^(?i)(abort|warn)?$`); at the start of a pattern
 * JavaScript spells that as the `i` flag. Anywhere else it stays and fails to compile, which names the schema.
 */
export function goRegExp(pattern: string, flags: string): RegExp {
  const caseFlag = LEADING_GO_CASE_FLAG.exec(pattern);
  if (caseFlag !== null) {
    return new RegExp(caseFlag[1] + pattern.slice(caseFlag[0].length), flags + 'i');
  }
  return new RegExp(pattern, flags);
}
/** Only used when Ajv writes standalone code, which this check never does. */
goRegExp.code = 'goRegExp';

/** A readable schema error: where and what. */
export interface SchemaError {
  readonly segments: PathSegment[];
  readonly message: string;
}

/**
 * Turns Ajv's errors into readable ones. The branches of a failed `anyOf`/`oneOf` are folded into one error on
 * that keyword, since every branch fails by definition and listing them all says little.
 */
export function describeAjvErrors(errors: readonly ErrorObject[], data: unknown): SchemaError[] {
  const alternatives = errors.filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf');
  const isBranchError = (error: ErrorObject): boolean =>
    alternatives.some((alt) => alt !== error && error.schemaPath.startsWith(alt.schemaPath + '/'));
  const described: SchemaError[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (isBranchError(error)) {
      continue;
    }
    const branches = errors.filter((other) => other.schemaPath.startsWith(error.schemaPath + '/'));
    const readable = describeAjvError(error, branches, data);
    const key = JSON.stringify(readable);
    if (!seen.has(key)) {
      seen.add(key);
      described.push(readable);
    }
  }
  return described;
}

/** One Ajv error as a path and a message; `branches` are the errors inside it (for anyOf/oneOf). */
function describeAjvError(error: ErrorObject, branches: readonly ErrorObject[], data: unknown): SchemaError {
  const segments = pointerToSegments(error.instancePath, data);
  const value = valueAt(data, segments);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = params.additionalProperty as string;
      return { segments: [...segments, field], message: `unknown field "${field}"` };
    }
    case 'required':
      return { segments, message: `missing required field "${params.missingProperty}"` };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return { segments, message: `unsupported value ${JSON.stringify(value)}, allowed: ${allowed}` };
    }
    case 'type':
      return { segments, message: `expected ${String(params.type).split(',').join(' or ')}, got ${typeName(value)}` };
    case 'format':
      return { segments, message: `${JSON.stringify(value)} is not a valid ${params.format}` };
    case 'anyOf':
    case 'oneOf':
      return { segments, message: describeAlternatives(error, branches, value) };
    default:
      return { segments, message: `${error.message ?? error.keyword} (${error.keyword} at ${error.schemaPath})` };
  }
}

/** Message for a failed anyOf/oneOf: "expected A or B" when the branches only differ in type. */
function describeAlternatives(error: ErrorObject, branches: readonly ErrorObject[], value: unknown): string {
  const sameValueTypeErrors = branches.filter((b) => b.keyword === 'type' && b.instancePath === error.instancePath);
  if (branches.length > 0 && sameValueTypeErrors.length === branches.length) {
    const expected = sameValueTypeErrors.map((b) => String((b.params as { type: unknown }).type).split(','));
    return `expected ${[...new Set(expected.flat())].join(' or ')}, got ${typeName(value)}`;
  }
  const passing = (error.params as { passingSchemas?: unknown }).passingSchemas;
  if (error.keyword === 'oneOf' && passing !== null && passing !== undefined) {
    return `matches more than one of the allowed forms (oneOf at ${error.schemaPath})`;
  }
  return `does not match any of the allowed forms (${error.keyword} at ${error.schemaPath})`;
}

/**
 * Splits a JSON pointer (`/spec/containers/0`) into path segments, looking at the data so that an index into an
 * array becomes a number and a map key that looks like a number stays a string.
 */
export function pointerToSegments(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') {
    return [];
  }
  const segments: PathSegment[] = [];
  let current: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment: PathSegment = Array.isArray(current) ? Number(key) : key;
    segments.push(segment);
    current = isObject(current) || Array.isArray(current) ? (current as Record<string, unknown>)[key] : undefined;
  }
  return segments;
}

function valueAt(data: unknown, segments: readonly PathSegment[]): unknown {
  let current = data;
  for (const segment of segments) {
    current = isObject(current) || Array.isArray(current) ? (current as Record<string, unknown>)[segment] : undefined;
  }
  return current;
}

/** JSON Schema name of a value's type. */
function typeName(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'array';
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'integer' : 'number';
  }
  return typeof value === 'object' ? 'object' : typeof value;
}
