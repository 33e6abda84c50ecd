/**
 * The stack's own alerts (constructs/monitoring/stack-alerts.ts) run by the real promtool: `check rules` on every
 * fixture environment's synthesized rule, and `test rules` with kube-state-metrics' CronJob series and the
 * Pushgateway's push_time_seconds for a failed run, a run that never succeeded, a good run, a schedule that stopped,
 * and a target whose results stopped while another's kept coming.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { buildEnvironment } from '../../constructs/environment';
import { START_GRACE_SECONDS, stackAlerts } from '../../constructs/monitoring/stack-alerts';
import { fixture } from '../helpers/project';
import { promtool } from '../helpers/promtool';

jest.setTimeout(60_000);

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-rules-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: unknown) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, stringify(content, { lineWidth: 0 }));
  return file;
};

test.each(fixture().environments.map((e) => [e.name, e] as const))('promtool check rules accepts the stack rule of %s, in the stack namespace, evaluated by the Thanos Ruler', async (name, env) => {
  const rules = buildEnvironment(env).get('monitoring')!.toJson().filter((o: any) => o.kind === 'PrometheusRule' && o.metadata.namespace === env.config.namespace);
  expect(rules).toHaveLength(1);
  // platform series (kube-state-metrics): never the leaf Prometheus
  expect(rules[0].metadata.labels['openshift.io/prometheus-rule-evaluation-scope']).toBeUndefined();
  const result = await promtool(['check', 'rules', write(`${name}-stack.yaml`, { groups: rules[0].spec.groups })]);
  expect([result.code, result.output]).toEqual([0, expect.stringContaining('SUCCESS: 3 rules found')]);
});

test('promtool test rules: failed, never successful, good, not started, stale results', async () => {
  const NS = 'llm-bench';
  const props = { environment: 'demo', namespace: NS, scheduleGapSeconds: 3600, runSeconds: 600, pushgateway: true };
  const alerts = stackAlerts(props);
  const rules = write('rules.yaml', { groups: [{ name: 'stack', rules: alerts.map((a) => ({ alert: a.alert, expr: a.expr, for: a.for, labels: { severity: a.severity }, annotations: { summary: a.summary } })) }] });
  const cron = (cronjob: string, metric: string, values: string) => ({ series: `${metric}{namespace="${NS}",cronjob="${cronjob}",job="kube-state-metrics"}`, values });
  const firing = (_alertname: string, labels: Record<string, string>, summary: string) => ({ exp_labels: { severity: 'warning', ...labels }, exp_annotations: { summary } });
  const at = (minute: number, alertname: string, exp: unknown[]) => ({ eval_time: `${minute}m`, alertname, exp_alerts: exp });
  const failedSummary = `The nightly benchmark run of demo in ${NS} did not succeed`;
  const scheduledAt60 = '60x200'; // scheduled at t = 60 s, nothing since

  const tests = [
    {
      name: 'a run that failed: fires once it is past its deadline (600 s) and for 5m; silent while it may still run',
      interval: '1m',
      input_series: [
        { series: `kube_cronjob_status_last_schedule_time{namespace="${NS}",cronjob="benchmark-dispatcher",job="kube-state-metrics"}`, values: scheduledAt60 },
        cron('benchmark-dispatcher', 'kube_cronjob_status_last_successful_time', '0x200'),
      ],
      alert_rule_test: [
        at(9, 'LlmbenchNightlyRunFailed', []),
        at(20, 'LlmbenchNightlyRunFailed', [firing('LlmbenchNightlyRunFailed', { namespace: NS, cronjob: 'benchmark-dispatcher' }, failedSummary)]),
      ],
    },
    {
      name: 'a run that never succeeded (no last-successful series) fires too; a successful one does not',
      interval: '1m',
      input_series: [
        cron('benchmark-dispatcher', 'kube_cronjob_status_last_schedule_time', scheduledAt60),
        cron('other-cronjob', 'kube_cronjob_status_last_schedule_time', scheduledAt60),
        cron('other-cronjob', 'kube_cronjob_status_last_successful_time', '700x200'),
      ],
      alert_rule_test: [at(20, 'LlmbenchNightlyRunFailed', [firing('LlmbenchNightlyRunFailed', { namespace: NS, cronjob: 'benchmark-dispatcher' }, failedSummary)])],
    },
    {
      name: 'a good run: succeeded after it was scheduled',
      interval: '1m',
      input_series: [cron('benchmark-dispatcher', 'kube_cronjob_status_last_schedule_time', scheduledAt60), cron('benchmark-dispatcher', 'kube_cronjob_status_last_successful_time', '0x10 700x190')],
      alert_rule_test: [at(30, 'LlmbenchNightlyRunFailed', [])],
    },
    {
      name: `not started: no schedule for longer than the longest gap (3600 s) plus ${START_GRACE_SECONDS} s, then 5m`,
      interval: '1m',
      input_series: [cron('benchmark-dispatcher', 'kube_cronjob_status_last_schedule_time', scheduledAt60), cron('benchmark-dispatcher', 'kube_cronjob_status_last_successful_time', '700x200')],
      alert_rule_test: [
        at(110, 'LlmbenchNightlyRunNotStarted', []),
        at(130, 'LlmbenchNightlyRunNotStarted', [firing('LlmbenchNightlyRunNotStarted', { namespace: NS, cronjob: 'benchmark-dispatcher', job: 'kube-state-metrics' }, `No nightly benchmark run of demo started in ${NS} for longer than the schedule allows`)]),
      ],
    },
    {
      name: 'stale results: the target whose pushes stopped alerts after gap + run (4200 s) and 15m; the one still pushed does not',
      interval: '1m',
      input_series: [
        { series: `push_time_seconds{namespace="${NS}",environment="demo",target="fresh",exported_job="llm-benchmark"}`, values: '0+60x200' },
        { series: `push_time_seconds{namespace="${NS}",environment="demo",target="stale",exported_job="llm-benchmark"}`, values: '60x200' },
        { series: `push_time_seconds{namespace="${NS}",environment="other",target="stale",exported_job="llm-benchmark"}`, values: '60x200' },
      ],
      alert_rule_test: [
        at(80, 'LlmbenchResultsStale', []),
        at(100, 'LlmbenchResultsStale', [firing('LlmbenchResultsStale', { namespace: NS, environment: 'demo', target: 'stale' }, 'No results of target stale (demo) were published for longer than the schedule allows')]),
      ],
    },
  ];
  const testFile = write('tests.yaml', { rule_files: [path.basename(rules)], evaluation_interval: '1m', tests });
  const result = await promtool(['test', 'rules', testFile], dir);
  expect(result.output).not.toContain('FAILED');
  expect(result.code).toBe(0);

  // and the tests can fail: claim the good run's alert fires
  const wrong = tests.map((t) => (t.name.startsWith('a good run') ? { ...t, alert_rule_test: [at(30, 'LlmbenchNightlyRunFailed', [firing('x', { namespace: NS }, failedSummary)])] } : t));
  const failing = await promtool(['test', 'rules', write('wrong.yaml', { rule_files: [path.basename(rules)], evaluation_interval: '1m', tests: wrong })], dir);
  expect(failing.code).toBe(1);
});

test('without its own Pushgateway there is no stale-results alert (the pushes are not scraped in this namespace)', () => {
  expect(stackAlerts({ environment: 'e', namespace: 'n', scheduleGapSeconds: 86400, runSeconds: 3600 }).map((a) => a.alert)).toEqual(['LlmbenchNightlyRunFailed', 'LlmbenchNightlyRunNotStarted']);
});
