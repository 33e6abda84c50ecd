/**
 * A file written next to a chart's manifests that is not a Kubernetes object (e.g. a patch an admin applies
 * with `oc patch --patch-file`). synth/render.ts writes it to `dist/ENV/FOLDER/<fileName>` as is.
 * Use an extension other than `.yaml`, `.yml` and `.json`: `npm run validate` checks every YAML file as a manifest,
 * and `oc apply -f FOLDER/` reads every .json, .yaml and .yml file of a folder as one.
 */
import { Construct } from 'constructs';

export interface RawFileProps {
  /** File name inside the chart's folder, e.g. `argocd-application-health.merge-patch`. */
  readonly fileName: string;
  /** The exact content; end it with a newline. */
  readonly content: string;
}

export class RawFile extends Construct {
  readonly fileName: string;
  readonly content: string;

  constructor(scope: Construct, id: string, props: RawFileProps) {
    super(scope, id);
    if (!/^[a-z0-9][-a-z0-9.]*$/.test(props.fileName) || /\.(ya?ml|json)$/.test(props.fileName)) {
      throw new Error(`raw file name "${props.fileName}" must be lowercase letters, digits, "-" and ".", and not end in .yaml, .yml or .json (oc apply -f FOLDER/ would read it as a manifest)`);
    }
    this.fileName = props.fileName;
    this.content = props.content;
  }
}

/** Every RawFile under `scope`, in construct-tree order. */
export function rawFilesOf(scope: Construct): RawFile[] {
  return scope.node.findAll().filter((c): c is RawFile => c instanceof RawFile);
}
