import { APP_SYNC_WAVES, argocdAnnotations, RESOURCE_SYNC_WAVES, skipDryRunOnMissingResource, syncOptions, syncWave } from '../../../domain/apps';

test('syncWave gives the annotation ArgoCD reads, as a string', () => {
  expect(syncWave(-2)).toEqual({ 'argocd.argoproj.io/sync-wave': '-2' });
  expect(() => syncWave(1.5)).toThrow('integer');
});

test('syncOptions joins options once each; none gives no annotation', () => {
  expect(syncOptions('Delete=false', 'ServerSideApply=true', 'Delete=false')).toEqual({ 'argocd.argoproj.io/sync-options': 'Delete=false,ServerSideApply=true' });
  expect(syncOptions()).toEqual({});
  expect(skipDryRunOnMissingResource()).toEqual({ 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' });
  expect(argocdAnnotations({ wave: RESOURCE_SYNC_WAVES.workloads, options: ['SkipDryRunOnMissingResource=true'] })).toEqual({
    'argocd.argoproj.io/sync-wave': '1',
    'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true',
  });
});

test('operators sync first, CRD users next, results storage before the report server', () => {
  expect(APP_SYNC_WAVES.operators).toBeLessThan(APP_SYNC_WAVES.monitoring);
  expect(APP_SYNC_WAVES.operators).toBeLessThan(APP_SYNC_WAVES.pipelines);
  expect(APP_SYNC_WAVES.monitoring).toBeLessThan(APP_SYNC_WAVES.benchmarks);
  expect(APP_SYNC_WAVES.benchmarks).toBeLessThan(APP_SYNC_WAVES.reports);
  const w = RESOURCE_SYNC_WAVES;
  expect([w.namespaces, w.access, w.prerequisites, w.storage, w.workloads]).toEqual([-3, -2, -1, 0, 1]);
});
