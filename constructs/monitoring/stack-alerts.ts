/**
 * The stack watches itself: a PrometheusRule in the stack namespace with alerts on the benchmark system, so a
 * nightly run that failed, did not start, or left a target without fresh results is noticed before anyone reads
 * an old figure as tonight's.
 *
 * Its series: kube-state-metrics' CronJob series for the dispatcher (`kube_cronjob_status_last_schedule_time`,
 * `kube_cronjob_status_last_successful_time`; platform monitoring, namespaced) and the Pushgateway's
 * `push_time_seconds` per pushed group (`environment`, `target`). A rule that reads platform series must be
 * evaluated by the Thanos Ruler of user-workload monitoring, so this rule has no `leaf-prometheus` scope label
 * (the Thanos Ruler enforces the namespace: only the stack namespace's series are seen).
 */
import { Construct } from 'constructs';
import { argocdAnnotations, RESOURCE_SYNC_WAVES } from '../../domain/apps';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../../imports/prometheusrule-monitoring.coreos.com';
import { DISPATCHER_NAMES } from '../dispatcher';
import { stackLabels } from '../labels';

/** Group name of the stack's own alerts. */
export const STACK_RULE_GROUP = 'llmbench-stack';

/** How late a scheduled run may start before it counts as not started (the CronJob's startingDeadlineSeconds). */
export const START_GRACE_SECONDS = 3600;

/** Name of the PrometheusRule in the stack namespace. */
export function stackRuleName(environment: string): string {
  return `llmbench-${environment}-stack`;
}

export interface StackAlertsProps {
  /** The environment's name (rule name, labels, the `environment` label of pushed results). */
  readonly environment: string;
  /** The stack namespace: the dispatcher's CronJob and the Pushgateway live there. */
  readonly namespace: string;
  /** The longest time between two scheduled runs (from the schedule and its time zone), seconds. */
  readonly scheduleGapSeconds: number;
  /** How long one run may last at most (the dispatcher Job's deadline), seconds. */
  readonly runSeconds: number;
  /**
   * Whether the results are pushed to the stack's own Pushgateway (scraped in this namespace): then a target
   * without a push for longer than the schedule allows alerts. @default false
   */
  readonly pushgateway?: boolean;
}

/** One alert of the stack's own rule. */
export interface StackAlert {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly severity: 'warning';
  readonly summary: string;
  readonly description: string;
}

/** The alerts on the benchmark system of one environment. */
export function stackAlerts(p: StackAlertsProps): StackAlert[] {
  const cronjob = `namespace="${p.namespace}", cronjob="${DISPATCHER_NAMES.cronJob}"`;
  const scheduled = `kube_cronjob_status_last_schedule_time{${cronjob}}`;
  const succeeded = `kube_cronjob_status_last_successful_time{${cronjob}}`;
  const alerts: StackAlert[] = [
    {
      alert: 'LlmbenchNightlyRunFailed',
      // the last scheduled run is over (past its deadline) and did not succeed after it was scheduled
      expr: `(${scheduled} > on (namespace, cronjob) (${succeeded} or ${scheduled} * 0)) and on (namespace, cronjob) (time() - ${scheduled} > ${p.runSeconds})`,
      for: '5m',
      severity: 'warning',
      summary: `The nightly benchmark run of ${p.environment} in {{ $labels.namespace }} did not succeed`,
      description: `The dispatcher's last scheduled run started more than ${p.runSeconds} s ago (its deadline) and did not complete: a target failed, a Job could not be created, or the run hit its deadline. Tonight's figures are missing or partial.`,
    },
    {
      alert: 'LlmbenchNightlyRunNotStarted',
      expr: `time() - ${scheduled} > ${p.scheduleGapSeconds + START_GRACE_SECONDS}`,
      for: '5m',
      severity: 'warning',
      summary: `No nightly benchmark run of ${p.environment} started in {{ $labels.namespace }} for longer than the schedule allows`,
      description: `The dispatcher CronJob has not been scheduled for more than ${p.scheduleGapSeconds + START_GRACE_SECONDS} s (the longest gap of its schedule plus ${START_GRACE_SECONDS} s): it is suspended, its schedule changed, or the cluster missed the start.`,
    },
  ];
  if (p.pushgateway) {
    const stale = p.scheduleGapSeconds + p.runSeconds;
    alerts.push({
      alert: 'LlmbenchResultsStale',
      expr: `time() - max by (namespace, environment, target) (push_time_seconds{namespace="${p.namespace}", environment="${p.environment}"}) > ${stale}`,
      for: '15m',
      severity: 'warning',
      summary: `No results of target {{ $labels.target }} (${p.environment}) were published for longer than the schedule allows`,
      description: `The Pushgateway has had no push for this target for more than ${stale} s (the longest gap of the schedule plus a run): its runs fail before the results processor, or it is no longer benchmarked. Dashboards show old figures.`,
    });
  }
  return alerts;
}

/** The PrometheusRule with the stack's own alerts, in the stack namespace. */
export class StackAlerts extends Construct {
  readonly alerts: StackAlert[];

  constructor(scope: Construct, id: string, props: StackAlertsProps) {
    super(scope, id);
    this.alerts = stackAlerts(props);
    new PrometheusRule(this, 'Resource', {
      metadata: {
        name: stackRuleName(props.environment),
        namespace: props.namespace,
        labels: stackLabels('stack-alerts', props.environment),
        annotations: argocdAnnotations({ wave: RESOURCE_SYNC_WAVES.workloads }),
      },
      spec: {
        groups: [
          {
            name: STACK_RULE_GROUP,
            rules: this.alerts.map((a) => ({
              alert: a.alert,
              expr: PrometheusRuleSpecGroupsRulesExpr.fromString(a.expr),
              for: a.for,
              labels: { severity: a.severity },
              annotations: { summary: a.summary, description: a.description },
            })),
          },
        ],
      },
    });
  }
}
