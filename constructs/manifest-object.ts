/**
 * An object synthesized once, elsewhere, to plain JSON — a target's benchmark Job or PipelineRun template, which more
 * than one app ships — placed in a chart as it is: its `toJson()` is that JSON, not resolved a second time. The JSON
 * is shared with the other users of the build, so `toJson()` returns it with its top level and metadata copied
 * (synth/render.ts may add an annotation to what it gets); below that it is shared and read only. Built with its
 * YAML (what a ConfigMap of the dispatcher already holds), it hands that to synth too: {@link yamlOf}.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** A synthesized Kubernetes object (what an ApiObject's `toJson()` returns). */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name?: string; readonly generateName?: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** The YAML each object returned by a ManifestObject's `toJson()` was built with (only until it is changed). */
const writtenYaml = new WeakMap<object, string>();

/**
 * The YAML document of `object`, when a ManifestObject returned it from `toJson()` and was built with it: what
 * `manifestYaml(object)` would write, already written. Undefined for any other object; once its receiver has
 * changed the object, it must not ask.
 */
export function yamlOf(object: object): string | undefined {
  return writtenYaml.get(object);
}

export class ManifestObject extends ApiObject {
  private readonly manifest: Manifest;
  private readonly yaml?: string;

  /** @param yaml `manifestYaml(manifest)`, when the builder wrote it already. @default none: synth writes it */
  constructor(scope: Construct, id: string, manifest: Manifest, yaml?: string) {
    super(scope, id, { apiVersion: manifest.apiVersion, kind: manifest.kind, metadata: { name: manifest.metadata.name ?? manifest.metadata.generateName } });
    this.manifest = manifest;
    this.yaml = yaml;
  }

  override toJson(): any {
    const { metadata } = this.manifest;
    const copy = { ...this.manifest, metadata: { ...metadata, ...(metadata.annotations ? { annotations: { ...(metadata.annotations as object) } } : {}) } };
    if (this.yaml !== undefined) writtenYaml.set(copy, this.yaml);
    return copy;
  }
}
