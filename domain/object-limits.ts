/**
 * The size limits a generated object and an app folder must stay under, and the one rule that decides when an
 * object is applied server-side. Used by synth (synth/render.ts) and its tests.
 *
 * - Kubernetes: a ConfigMap or Secret holds at most 1 MiB of data (k8s.io/kubernetes pkg/apis/core/validation
 *   `MaxSecretSize`, also the ConfigMap limit); etcd refuses a request over 1.5 MiB (`--max-request-bytes` default);
 *   all annotations of an object together at most 256 KiB (apimachinery `TotalAnnotationSizeLimitB`).
 * - Client-side apply (ArgoCD's default) stores the whole object in its `last-applied-configuration` annotation, so an
 *   object over that budget must be applied server-side (`ServerSideApply=true`): that lifts the annotation limit,
 *   not the others.
 * - ArgoCD: the .yaml/.yml/.json files of one directory-type Application at most `10M` together (repo server flag
 *   `--max-combined-directory-manifests-size`, `reposerver.max.combined.directory.manifests.size`, default "10M" =
 *   10,000,000 bytes): the instance's value is configuration (`argocd.maxManifestBytesPerApp`, config/defaults.yaml).
 */

export const KUBERNETES_LIMITS = {
  /** Data of one ConfigMap or Secret. */
  configMapData: 1024 * 1024,
  /** One object in etcd. */
  object: 1.5 * 1024 * 1024,
  /** All annotations of one object. */
  annotations: 256 * 1024,
} as const;

/**
 * Room left in the annotations for the ones an object carries besides `last-applied-configuration` (ArgoCD's
 * tracking and sync annotations, ours): an object whose JSON exceeds the limit minus this is applied server-side.
 */
const OTHER_ANNOTATIONS_ALLOWANCE = 16 * 1024;

/** Whether an object of this JSON size must be applied server-side (its last-applied annotation would not fit). */
export function needsServerSideApply(jsonBytes: number): boolean {
  return jsonBytes > KUBERNETES_LIMITS.annotations - OTHER_ANNOTATIONS_ALLOWANCE;
}

/**
 * At most how many bytes an object's JSON has, from the bytes of its YAML as synth writes it (block style): JSON
 * writes a character as two at most (`\"`, `\\`; YAML quotes a string holding `"` with single quotes and writes `\`
 * as it is, and its own escapes are longer than JSON's), quotes every key and string where YAML adds a `: `, `- `,
 * newline or indentation, and puts a comma where YAML has a newline. So synth computes the JSON size, for the limits
 * above, only of an object this bound does not already keep under them. test/synth/manifest-yaml.test.ts checks the
 * bound on every fixture object and on generated edge cases.
 */
export function jsonBytesAtMost(yamlBytes: number): number {
  return 2 * yamlBytes + 64;
}

/** Bytes of a ConfigMap's or Secret's data as the API server counts them (keys and values). */
export function dataBytes(object: { data?: Record<string, string>; binaryData?: Record<string, string>; stringData?: Record<string, string> }): number {
  const count = (m?: Record<string, string>, base64 = false) =>
    Object.entries(m ?? {}).reduce((n, [k, v]) => n + Buffer.byteLength(k) + (base64 ? Math.floor((v.length * 3) / 4) : Buffer.byteLength(v)), 0);
  return count(object.data) + count(object.binaryData, true) + count(object.stringData);
}

/** `1.2 MiB`, `340 KiB`, `900 B`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}
