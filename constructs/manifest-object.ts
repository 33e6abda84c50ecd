/**
 * An object synthesized once, elsewhere, to plain JSON — a target's benchmark Job or PipelineRun template, which more
 * than one app ships — placed in a chart as it is: its `toJson()` is that JSON, not resolved a second time. The JSON
 * is shared with the other users of the build, so `toJson()` returns it with its top level and metadata copied
 * (synth/render.ts may add an annotation to what it gets); below that it is shared and read only.
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

export class ManifestObject extends ApiObject {
  private readonly manifest: Manifest;

  constructor(scope: Construct, id: string, manifest: Manifest) {
    super(scope, id, { apiVersion: manifest.apiVersion, kind: manifest.kind, metadata: { name: manifest.metadata.name ?? manifest.metadata.generateName } });
    this.manifest = manifest;
  }

  override toJson(): any {
    const { metadata } = this.manifest;
    return { ...this.manifest, metadata: { ...metadata, ...(metadata.annotations ? { annotations: { ...(metadata.annotations as object) } } : {}) } };
  }
}
