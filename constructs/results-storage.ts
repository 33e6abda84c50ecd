/**
 * Results storage (DESIGN.md "Results storage"). In `volume` mode a ReadWriteMany PVC is the system of record,
 * shared by the parallel benchmark Jobs and the report server. In `objectStore` mode each Job works on a
 * scratch volume and the bucket is the system of record (the upload step comes with the results processor).
 */
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/schema';
import { argocdAnnotations, RESOURCE_SYNC_WAVES } from '../domain/apps';
import { stackLabels } from './labels';

export interface ResultsStorageProps {
  readonly environment: string;
  readonly namespace: string;
  readonly results: EnvironmentConfig['results'];
}

/** The results PVC (volume mode only). */
export class ResultsStorage extends Construct {
  /** The PVC, or undefined in object-store mode. */
  readonly claim?: ApiObject;

  constructor(scope: Construct, id: string, props: ResultsStorageProps) {
    super(scope, id);
    const { store, volume } = props.results;
    if (store !== 'volume') return;
    this.claim = new k8s.KubePersistentVolumeClaim(this, 'Claim', {
      metadata: {
        name: volume.claimName,
        namespace: props.namespace,
        labels: stackLabels('results', props.environment),
        // Deleting the Application must never delete benchmark history; storage before the workloads using it.
        annotations: argocdAnnotations({ wave: RESOURCE_SYNC_WAVES.storage, options: ['Delete=false', 'Prune=false'] }),
      },
      spec: {
        accessModes: [volume.accessMode],
        storageClassName: volume.storageClass,
        resources: { requests: { storage: k8s.Quantity.fromString(volume.size) } },
      },
    });
  }
}

/** The volume a benchmark pod writes its results to: the shared PVC, or a scratch emptyDir in object-store mode. */
export function resultsVolume(results: EnvironmentConfig['results']): k8s.Volume {
  if (results.store === 'volume') {
    return { name: 'results', persistentVolumeClaim: { claimName: results.volume.claimName } };
  }
  return { name: 'results', emptyDir: { sizeLimit: k8s.Quantity.fromString(results.volume.size) } };
}
