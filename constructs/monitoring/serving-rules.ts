/**
 * The PrometheusRule of the serving namespace: the recording rules the dashboards read and the SLA alerts.
 * It must live in the serving namespace: user-workload monitoring evaluates a rule over its own namespace only.
 */
import { Construct } from 'constructs';
import type { SlaTiers } from '../../domain/sla';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../../imports/prometheusrule-monitoring.coreos.com';
import { argocdAnnotations, RESOURCE_SYNC_WAVES } from '../../domain/apps';
import { stackLabels } from '../labels';
import { LEAF_PROMETHEUS_LABEL } from './benchmark-window';
import { RECORDING_RULES } from '../../domain/metrics';
import { alertingRule, AlertSettings, slaAlerts } from './sla-alerts';

/** Rule groups by purpose; their names show in the Prometheus rules page. */
export const SERVING_RULE_GROUPS = { recording: 'llmbench-vllm-recording', alerts: 'llmbench-vllm-sla' } as const;

/** Name of the PrometheusRule in the serving namespace (per environment: environments may share that namespace). */
export function servingRuleName(environment: string): string {
  return `llmbench-${environment}-vllm`;
}

export interface ServingRulesProps {
  /** The environment (rule name, labels). */
  readonly environment: string;
  /** Where the rules live: the serving namespace (user-workload monitoring evaluates a rule over its namespace). */
  readonly servingNamespace: string;
  /** SLA tiers: the alerts' thresholds. */
  readonly sla: SlaTiers;
  readonly alerts: AlertSettings;
}

export class ServingRules extends Construct {
  constructor(scope: Construct, id: string, props: ServingRulesProps) {
    super(scope, id);
    const alerts = slaAlerts(props.sla, props.alerts).map((a) => alertingRule(a, props.alerts));
    new PrometheusRule(this, 'Resource', {
      metadata: {
        name: servingRuleName(props.environment),
        namespace: props.servingNamespace,
        labels: { ...stackLabels('serving-rules', props.environment), ...LEAF_PROMETHEUS_LABEL },
        annotations: argocdAnnotations({ wave: RESOURCE_SYNC_WAVES.workloads }),
      },
      spec: {
        groups: [
          {
            name: SERVING_RULE_GROUPS.recording,
            rules: Object.values(RECORDING_RULES).map((r) => ({ record: r.record, expr: PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr) })),
          },
          ...(alerts.length === 0
            ? []
            : [{ name: SERVING_RULE_GROUPS.alerts, rules: alerts.map((a) => ({ ...a, expr: PrometheusRuleSpecGroupsRulesExpr.fromString(a.expr) })) }]),
        ],
      },
    });
  }
}
