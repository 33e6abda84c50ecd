import { Chart, Testing } from 'cdk8s';
import { ResultsStorage, resultsVolume } from '../../constructs/results-storage';

const volume = { claimName: 'benchmark-results', size: '50Gi', accessMode: 'ReadWriteMany' as const, storageClass: 'ocs-storagecluster-cephfs' };

function synth(store: 'volume' | 'objectStore') {
  const chart = new Chart(Testing.app(), 'test');
  new ResultsStorage(chart, 'results', { environment: 'demo', namespace: 'bench', results: { store, volume } });
  return Testing.synth(chart);
}

test('volume mode: a ReadWriteMany PVC that ArgoCD never deletes or prunes, synced before the workloads', () => {
  const objects = synth('volume');
  expect(objects).toMatchSnapshot();
  expect(objects).toHaveLength(1);
  const [pvc] = objects;
  expect(pvc.kind).toBe('PersistentVolumeClaim');
  expect(pvc.metadata).toMatchObject({ name: 'benchmark-results', namespace: 'bench', annotations: { 'argocd.argoproj.io/sync-options': 'Delete=false,Prune=false', 'argocd.argoproj.io/sync-wave': '0' } });
  expect(pvc.spec).toEqual({ accessModes: ['ReadWriteMany'], storageClassName: 'ocs-storagecluster-cephfs', resources: { requests: { storage: '50Gi' } } });
});

test('object-store mode: no PVC; Jobs work on a scratch volume of the same size', () => {
  expect(synth('objectStore')).toEqual([]);
  expect(resultsVolume({ store: 'objectStore', volume })).toEqual({ name: 'results', emptyDir: { sizeLimit: expect.anything() } });
  expect(resultsVolume({ store: 'volume', volume })).toEqual({ name: 'results', persistentVolumeClaim: { claimName: 'benchmark-results' } });
});
