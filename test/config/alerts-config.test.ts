/** Bad `monitoring.alerts` values: each message names the file, the line, the path, the value and what is allowed. */
import { configErrors, DEFAULTS, DEMO_FILE as DEMO } from '../helpers/config-edit';
import { replace, fixtureEnvironment } from '../helpers/project';


const appendToDemo = (yaml: string) => ({ [DEMO]: (t: string) => `${t}${yaml}` });

test('the defaults load: alerts on, silencing on with a 10m cooldown, no ServiceMonitor', () => {
  const alerts = fixtureEnvironment('demo').config.monitoring.alerts;
  expect(alerts).toEqual({
    enabled: true,
    for: { ttftP95: '5m', itlP95: '5m', requestsWaiting: '10m', kvCacheUsage: '10m', errorRatio: '5m' },
    benchmarkWindow: { enabled: true, cooldown: '10m' },
    vllmServiceMonitor: { enabled: false, port: 8080, path: '/metrics', interval: '30s', selectorLabel: 'serving.kserve.io/inferenceservice' },
  });
});

test('a `for` that is not a Prometheus duration names the form expected', () => {
  expect(configErrors(appendToDemo('monitoring:\n  alerts:\n    for: { ttftP95: 5 minutes }\n'))).toEqual([
    expect.stringMatching(/^config\/environments\/demo\.yaml:\d+: monitoring\.alerts\.for\.ttftP95: .*must be a Prometheus duration such as 30s, 5m or 1h30m/),
  ]);
});

test('a KV cache threshold outside (0, 1] is refused', () => {
  expect(configErrors(appendToDemo('monitoring:\n  alerts:\n    kvCacheUsageThreshold: 85\n'))).toEqual([
    `${DEMO}:20: monitoring.alerts.kvCacheUsageThreshold: 85: Too big: expected number to be <=1`,
  ]);
});

test('a cooldown shorter than the rate window is refused with the reason', () => {
  expect(configErrors(appendToDemo('monitoring:\n  alerts:\n    benchmarkWindow: { cooldown: 2m }\n'))).toEqual([
    expect.stringMatching(
      /^config\/environments\/demo\.yaml:\d+: monitoring\.alerts\.benchmarkWindow\.cooldown: "2m" is shorter than the 5m rate window of the recording rules: .*use 5m or more/,
    ),
  ]);
});

test('a ServiceMonitor key with a typo suggests the right one and lists what is allowed', () => {
  expect(configErrors(appendToDemo('monitoring:\n  alerts:\n    vllmServiceMonitor: { enabled: true, selectorLable: app }\n'))).toEqual([
    `${DEMO}:20: monitoring.alerts.vllmServiceMonitor.selectorLable: unknown key "selectorLable"; did you mean "selectorLabel"? allowed: enabled, port, path, interval, selectorLabel`,
  ]);
});

test('a metrics path that is not absolute is refused', () => {
  expect(configErrors(appendToDemo('monitoring:\n  alerts:\n    vllmServiceMonitor: { enabled: true, path: metrics }\n'))).toEqual([
    `${DEMO}:20: monitoring.alerts.vllmServiceMonitor.path: "metrics": must be an absolute URL path such as /metrics`,
  ]);
});

test('a bad runbook URL in the defaults is reported against the defaults file', () => {
  expect(configErrors({ [DEFAULTS]: replace('    # runbookBaseUrl: https://wiki.example.com/llm-serving-runbook', '    runbookBaseUrl: wiki/runbook') })).toEqual([
    expect.stringMatching(/^config\/defaults\.yaml:\d+: monitoring\.alerts\.runbookBaseUrl: .*must be an http\(s\) URL/),
  ]);
});

test('a ServiceMonitor port that is neither a number nor a port name is refused', () => {
  expect(configErrors(appendToDemo('monitoring:\n  alerts:\n    vllmServiceMonitor: { enabled: true, port: "HTTP API" }\n'))).toEqual([
    expect.stringMatching(/^config\/environments\/demo\.yaml:20: monitoring\.alerts\.vllmServiceMonitor\.port: .*must be a port number or an IANA port name/),
  ]);
});
