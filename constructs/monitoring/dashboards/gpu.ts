/**
 * Dashboard 2, GPUs (dcgm-exporter): utilization, framebuffer, temperature and power per GPU and per serving pod.
 * Per-pod panels select on `exported_pod` / `exported_namespace`: OpenShift monitoring scrapes the exporter with
 * `honorLabels: false`, so its own `pod`/`namespace` labels (the GPU's workload) arrive renamed
 * (../shared/reference/dcgm.md, "Labels added by Prometheus").
 */
import { DCGM, DCGM_WORKLOAD_LABELS } from '../../../domain/metrics';
import { q, stat, timeseries } from './panels';
import { GpuField, gpuQueries, GpuScope } from './queries';
import { DashboardInputs, DashboardSpec, PanelSpec } from './spec';
import { dashboardUid } from '../../../domain/dashboard-uids';

const GPU_LEGEND = '{{Hostname}} GPU {{gpu}} {{modelName}}';
const POD_LEGEND = `{{${DCGM_WORKLOAD_LABELS.pod}}}`;

/** What each DCGM field is shown as. */
const FIELDS: Record<GpuField, { title: string; unit: string; description: string; min?: number; max?: number }> = {
  gpuUtilization: { title: 'GPU utilization', unit: 'percent', description: `${DCGM.gpuUtilization}, percent of time a kernel ran.`, min: 0, max: 100 },
  framebufferUsed: { title: 'Framebuffer used', unit: 'mbytes', description: `${DCGM.framebufferUsed}, MiB of GPU memory used (vLLM pre-allocates its KV cache).` },
  gpuTemperature: { title: 'Temperature', unit: 'celsius', description: `${DCGM.gpuTemperature}, °C.` },
  powerUsage: { title: 'Power', unit: 'watt', description: `${DCGM.powerUsage}, W.` },
};

export function gpuDashboard(d: DashboardInputs): DashboardSpec {
  const { servingNamespace } = d;
  const scope: GpuScope = { servingNamespace, nodeVariable: 'node', podVariable: 'pod' };
  const fields = Object.keys(FIELDS) as GpuField[];
  const perGpu = (field: GpuField): PanelSpec => timeseries({ ...FIELDS[field], width: 12 }, q(gpuQueries.perGpu(scope, field), GPU_LEGEND));
  const perPod = (field: GpuField): PanelSpec =>
    timeseries(
      { ...FIELDS[field], title: `${FIELDS[field].title} per serving pod`, description: `${FIELDS[field].description} ${field === 'gpuUtilization' || field === 'gpuTemperature' ? 'Mean' : 'Sum'} over the pod's GPUs.`, width: 12 },
      q(gpuQueries.perPod(scope, field), POD_LEGEND),
    );

  return {
    uid: dashboardUid(d.environment, 'gpu'),
    title: `GPUs (${d.environment})`,
    description: `NVIDIA dcgm-exporter metrics per GPU and per serving pod of namespace ${servingNamespace}.`,
    tags: ['llm-benchmarks', 'gpu', 'dcgm', d.environment],
    refresh: d.refresh,
    timeRange: d.timeRange,
    variables: [
      { kind: 'query', name: 'node', label: 'Node', series: DCGM.gpuUtilization, valuesOf: 'Hostname' },
      {
        kind: 'query',
        name: 'pod',
        label: 'Serving pod',
        series: `${DCGM.gpuUtilization}{${DCGM_WORKLOAD_LABELS.namespace}="${servingNamespace}"}`,
        valuesOf: DCGM_WORKLOAD_LABELS.pod,
      },
    ],
    rows: [
      {
        title: 'Overview',
        panels: [
          stat({ title: 'GPUs', description: 'GPUs reported on the selected nodes.', unit: 'short', width: 6 }, q(gpuQueries.gpus(scope), 'GPUs')),
          stat({ title: 'GPUs serving models', description: `GPUs allocated to pods of namespace ${servingNamespace}.`, unit: 'short', width: 6 }, q(gpuQueries.servingGpus(scope), 'GPUs')),
          stat({ title: 'Framebuffer used share', description: 'Used / (used + free) per GPU.', unit: 'percentunit', width: 12, min: 0, max: 1 }, q(gpuQueries.framebufferUsedRatioPerGpu(scope), GPU_LEGEND)),
        ],
      },
      { title: 'Per serving pod', panels: fields.map(perPod) },
      { title: 'Per GPU', panels: fields.map(perGpu) },
    ],
  };
}
