/**
 * The Model Registry publisher against the stand-in Kubeflow Model Registry (REST API spec v0.3.8,
 * test/helpers/model-registry): typed custom properties, per-GPU-profile keys, the description block, version
 * selection, and the errors a platform team will see.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { modelRegistryPublisher, ModelRegistryOptions } from '../../../runtime/processor/publishers/model-registry';
import { BenchmarkSummary, LevelSummary, SlaTiers, TargetSummary } from '../../../runtime/processor/types';
import { selfSignedCertificate } from '../../helpers/kube-api/tls';
import { API_PATH, ModelRegistryStandIn, startModelRegistryStandIn } from '../../helpers/model-registry';
import { closedPort } from '../../helpers/net';

const tiers = (excellent: number, acceptable: number, breaking: number) => ({ excellent, acceptable, breaking });
const SLA: SlaTiers = {
  ttftP95Ms: tiers(500, 1000, 2000),
  itlP95Ms: tiers(20, 50, 100),
  outputTokensPerSecondPerUser: tiers(50, 20, 10),
  kvCacheUsage: tiers(0.7, 0.85, 0.95),
  requestsWaiting: tiers(0, 1, 5),
  errorRate: tiers(0, 0.01, 0.05),
};

function level(load: number, ttftP95: number, outputTokensPerSecond: number): LevelSummary {
  return {
    load,
    loadUnit: 'users',
    strategy: 'concurrent',
    ttftMs: { p50: ttftP95 / 2, p95: ttftP95 },
    itlMs: { p50: 30, p95: 45 },
    requestLatencyS: { p50: 2 },
    outputTokensPerSecond,
    errorRate: 0,
    tier: 'acceptable',
    tierReasons: [],
    missing: [],
  };
}

/** The demo's INT4-on-1×L4 answer: sweet spot 5 users, breaks between 8 and 10, max 300 tok/s. */
function chatBenchmark(): BenchmarkSummary {
  return {
    name: 'chat-demo-ladder',
    scenario: 'chat',
    loadPlan: 'demo-ladder',
    status: 'succeeded',
    report: 'chat-demo-ladder/benchmarks.json',
    levels: [level(1, 300, 60), level(5, 900, 250), level(8, 1500, 290), level(10, 2600, 300)],
    sweetSpot: { load: 5, levelIndex: 1 },
    breakingPoint: { lastGood: 8, firstBad: 10 },
    maxThroughput: { outputTokensPerSecond: 300, load: 10 },
    maxThroughputWithinSla: { outputTokensPerSecond: 250, load: 5 },
    cost: {
      atSweetSpot: { costPer1MOutputTokens: 0.944, costPer1kOutputTokens: 0.000944, outputTokensPerSecondPerDollarHour: 294.1, outputTokensPerSecondPerGpu: 250 },
      // NaN must never reach the registry: this figure is dropped
      atMaxThroughput: { costPer1MOutputTokens: NaN, costPer1kOutputTokens: NaN, outputTokensPerSecondPerDollarHour: 352.9, outputTokensPerSecondPerGpu: 300 },
    },
    missing: [],
  };
}

/** A benchmark that never ran: no levels, no figures. */
function notRunBenchmark(): BenchmarkSummary {
  return { name: 'code-demo-ladder', scenario: 'code', loadPlan: 'demo-ladder', status: 'not-run', levels: [], cost: { atSweetSpot: {}, atMaxThroughput: {} }, missing: ['no report'] };
}

function summary(overrides: { gpuProfile?: string; gpuCount?: number; pricePerHour?: number; runId?: string; serving?: Record<string, unknown> } = {}): TargetSummary {
  const gpuProfile = overrides.gpuProfile ?? 'l4-x1';
  return {
    schemaVersion: 1,
    runId: overrides.runId ?? '20261124-020000',
    environment: 'demo',
    target: {
      name: `mistral-3-int4-${gpuProfile}`,
      model: 'mistral-3-int4',
      servedModelName: 'mistral-small-int4',
      gpuProfile,
      gpuType: 'NVIDIA-L4',
      gpuCount: overrides.gpuCount ?? 1,
      instanceType: 'g6.4xlarge',
      pricePerHour: overrides.pricePerHour ?? 0.85,
    },
    serving: overrides.serving ?? { vllmVersion: '0.11.0', maxModelLen: 8192 },
    sla: SLA,
    guidellm: { version: '0.7.3' },
    benchmarks: [chatBenchmark(), notRunBenchmark()],
    regressions: { comparedWith: [], findings: [] },
    problems: [],
  };
}

let dir: string;
let registry: ModelRegistryStandIn;
let tokenFile: string;
const logs: string[] = [];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-registry-'));
  registry = await startModelRegistryStandIn();
  tokenFile = path.join(dir, 'token');
  fs.writeFileSync(tokenFile, `${registry.token}\n`);
  logs.length = 0;
});
afterEach(async () => {
  await registry.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function publish(s: TargetSummary, options: Partial<ModelRegistryOptions> = {}): Promise<void> {
  const publisher = modelRegistryPublisher({ url: registry.url, tokenFile, timeoutMs: 5000, ...options });
  return publisher.publish({ summary: s, targetDir: dir, log: (line) => logs.push(line) });
}

/** A model registered under the served model name with one version `v1`; returns the version id. */
function seedModelWithVersion(fields: Parameters<ModelRegistryStandIn['addVersion']>[2] = {}): string {
  const model = registry.addModel('mistral-small-int4');
  return registry.addVersion(model.id, 'v1', fields).id;
}

const P = 'llmbench.demo.l4-x1.';
const B = `${P}chat-demo-ladder.`;

describe('recording a summary', () => {
  test('writes the figures as custom properties with the right metadataType and value', async () => {
    const id = seedModelWithVersion({ customProperties: { 'team.owner': { metadataType: 'MetadataStringValue', string_value: 'platform' } } });
    await publish(summary());

    const props = registry.version(id).customProperties;
    expect(props['team.owner']).toEqual({ metadataType: 'MetadataStringValue', string_value: 'platform' });
    expect(props[`${P}run_id`]).toEqual({ metadataType: 'MetadataStringValue', string_value: '20261124-020000' });
    expect(props[`${P}gpu_count`]).toEqual({ metadataType: 'MetadataIntValue', int_value: '1' });
    expect(props[`${P}price_per_hour_usd`]).toEqual({ metadataType: 'MetadataDoubleValue', double_value: 0.85 });
    expect(props[`${P}serving`]).toEqual({ metadataType: 'MetadataStringValue', string_value: '{"vllmVersion":"0.11.0","maxModelLen":8192}' });
    expect(props[`${P}regressions`]).toEqual({ metadataType: 'MetadataIntValue', int_value: '0' });
    expect(props[`${B}sweet_spot_users`]).toEqual({ metadataType: 'MetadataIntValue', int_value: '5' });
    expect(props[`${B}breaking_point_last_good_users`]).toEqual({ metadataType: 'MetadataIntValue', int_value: '8' });
    expect(props[`${B}breaking_point_first_bad_users`]).toEqual({ metadataType: 'MetadataIntValue', int_value: '10' });
    expect(props[`${B}max_output_tok_per_s`]).toEqual({ metadataType: 'MetadataDoubleValue', double_value: 300 });
    expect(props[`${B}ttft_p95_ms_at_sweet_spot`]).toEqual({ metadataType: 'MetadataDoubleValue', double_value: 900 });
    expect(props[`${B}cost_per_1m_output_tokens_usd_at_sweet_spot`]).toEqual({ metadataType: 'MetadataDoubleValue', double_value: 0.944 });
    expect(props[`${B}cost_per_1k_output_tokens_usd_at_sweet_spot`]).toEqual({ metadataType: 'MetadataDoubleValue', double_value: 0.000944 });
    expect(props[`${B}output_tok_per_s_per_dollar_hour_at_max_throughput`]).toEqual({ metadataType: 'MetadataDoubleValue', double_value: 352.9 });
    expect(props[`${B}status`]).toEqual({ metadataType: 'MetadataStringValue', string_value: 'succeeded' });
  });

  test('leaves out absent and non-finite figures', async () => {
    const id = seedModelWithVersion();
    await publish(summary());

    const props = registry.version(id).customProperties;
    expect(props).not.toHaveProperty([`${B}cost_per_1k_output_tokens_usd_at_max_throughput`]);
    expect(props).not.toHaveProperty([`${B}cost_per_1m_output_tokens_usd_at_max_throughput`]);
    const notRun = Object.keys(props).filter((k) => k.startsWith(`${P}code-demo-ladder.`));
    expect(notRun.sort()).toEqual([`${P}code-demo-ladder.load_plan`, `${P}code-demo-ladder.scenario`, `${P}code-demo-ladder.status`]);
    for (const value of Object.values(props)) {
      if (value.metadataType === 'MetadataDoubleValue') expect(Number.isFinite(value.double_value)).toBe(true);
    }
  });

  test('sends one PATCH with only customProperties and description, with the bearer token', async () => {
    const id = seedModelWithVersion();
    await publish(summary());

    const patches = registry.requests.filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(patches[0].path).toBe(`${API_PATH}/model_versions/${id}`);
    expect(Object.keys(patches[0].body as object).sort()).toEqual(['customProperties', 'description']);
    expect(patches[0].contentType).toBe('application/json');
    expect(registry.requests.every((r) => r.authorization === `Bearer ${registry.token}`)).toBe(true);
    expect(registry.requests[0]).toMatchObject({ method: 'GET', path: `${API_PATH}/registered_model`, query: { name: 'mistral-small-int4' } });
  });

  test('a second target of the same model on another GPU profile does not overwrite the first', async () => {
    const id = seedModelWithVersion();
    await publish(summary());
    await publish(summary({ gpuProfile: 'l4-x4', gpuCount: 4, pricePerHour: 3.4 }));

    const version = registry.version(id);
    expect(version.customProperties[`${P}gpu_count`]).toEqual({ metadataType: 'MetadataIntValue', int_value: '1' });
    expect(version.customProperties['llmbench.demo.l4-x4.gpu_count']).toEqual({ metadataType: 'MetadataIntValue', int_value: '4' });
    expect(version.customProperties[`${B}sweet_spot_users`]).toBeDefined();
    expect(version.customProperties['llmbench.demo.l4-x4.chat-demo-ladder.sweet_spot_users']).toBeDefined();
    expect(version.description).toContain('=== llmbench results demo/l4-x1 ===');
    expect(version.description).toContain('=== llmbench results demo/l4-x4 ===');
    expect(version.description).toContain('4 × NVIDIA-L4 (g6.4xlarge) at $3.4/h');
  });

  test('replaces only its own description block and its own keys, keeping the rest', async () => {
    const old = ['=== llmbench results demo/l4-x1 ===', 'Run 20261101-000000: stale', '=== end of llmbench results demo/l4-x1 ==='].join('\n');
    const id = seedModelWithVersion({
      description: `Quantized w4a16 by the platform team.\n\n${old}\n\nContact: #llm-platform`,
      customProperties: {
        [`${B}stale_figure`]: { metadataType: 'MetadataDoubleValue', double_value: 1 },
        'llmbench.demo.h100-x1.gpu_count': { metadataType: 'MetadataIntValue', int_value: '1' },
      },
    });
    await publish(summary());

    const version = registry.version(id);
    expect(version.description).toMatch(/^Quantized w4a16 by the platform team\.\n\n=== llmbench results demo\/l4-x1 ===\nRun 20261124-020000, target/);
    expect(version.description).toMatch(/=== end of llmbench results demo\/l4-x1 ===\n\nContact: #llm-platform$/);
    expect(version.description).not.toContain('stale');
    expect(version.description).toContain('- chat-demo-ladder (chat, demo-ladder, succeeded): sweet spot 5 users; breaks between 8 and 10 users; max 300 output tok/s at 10 users');
    expect(version.customProperties).not.toHaveProperty([`${B}stale_figure`]);
    expect(version.customProperties).toHaveProperty(['llmbench.demo.h100-x1.gpu_count']);
  });

  test('publishing the same summary twice changes nothing the second time', async () => {
    const id = seedModelWithVersion({ description: 'Notes.' });
    await publish(summary());
    const first = registry.version(id);
    await publish(summary());

    expect(registry.version(id).description).toBe(first.description);
    expect(registry.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    expect(logs.at(-1)).toContain('already up to date');
  });
});

describe('finding the model and the version', () => {
  test('falls back to the catalog model name when the served name is not registered', async () => {
    const model = registry.addModel('mistral-3-int4');
    const version = registry.addVersion(model.id, '1.0');
    await publish(summary());

    expect(registry.version(version.id).customProperties).toHaveProperty([`${P}run_id`]);
  });

  test('without serving.modelVersion it updates the newest LIVE version', async () => {
    const model = registry.addModel('mistral-small-int4');
    const older = registry.addVersion(model.id, 'v1');
    const newest = registry.addVersion(model.id, 'v2');
    const archived = registry.addVersion(model.id, 'v3', { state: 'ARCHIVED' });
    await publish(summary());

    expect(registry.version(newest.id).customProperties).toHaveProperty([`${P}run_id`]);
    expect(registry.version(older.id).customProperties).toEqual({});
    expect(registry.version(archived.id).customProperties).toEqual({});
    const list = registry.requests.find((r) => r.path.endsWith('/versions'));
    expect(list?.query).toMatchObject({ orderBy: 'CREATE_TIME', sortOrder: 'DESC' });
  });

  test('with serving.modelVersion it finds that version by name under the model', async () => {
    const model = registry.addModel('mistral-small-int4');
    const wanted = registry.addVersion(model.id, 'v1');
    const newer = registry.addVersion(model.id, 'v2');
    await publish(summary({ serving: { vllmVersion: '0.11.0', modelVersion: 'v1' } }));

    expect(registry.version(wanted.id).customProperties).toHaveProperty([`${P}run_id`]);
    expect(registry.version(newer.id).customProperties).toEqual({});
    expect(registry.requests.find((r) => r.path === `${API_PATH}/model_version`)?.query).toEqual({ name: 'v1', parentResourceId: model.id });
  });
});

describe('errors', () => {
  test('a missing model names both names searched and the registry', async () => {
    await expect(publish(summary())).rejects.toThrow(
      `no RegisteredModel named "mistral-small-int4" or "mistral-3-int4" in the Model Registry at ${registry.url}${API_PATH} (findRegisteredModel answered 404)`,
    );
  });

  test('a missing declared version names the version and the model', async () => {
    const model = registry.addModel('mistral-small-int4');
    registry.addVersion(model.id, 'v2');
    await expect(publish(summary({ serving: { modelVersion: 'v1' } }))).rejects.toThrow(
      `no ModelVersion named "v1" (serving.modelVersion) under RegisteredModel "mistral-small-int4" (id ${model.id})`,
    );
  });

  test('a model without a LIVE version is reported', async () => {
    const model = registry.addModel('mistral-small-int4');
    registry.addVersion(model.id, 'v1', { state: 'ARCHIVED' });
    await expect(publish(summary())).rejects.toThrow(`no LIVE ModelVersion under RegisteredModel "mistral-small-int4" (id ${model.id})`);
  });

  test('a block opened but never closed is reported, not guessed', async () => {
    seedModelWithVersion({ description: 'Notes.\n=== llmbench results demo/l4-x1 ===\nhand-edited' });
    await expect(publish(summary())).rejects.toThrow('the description holds "=== llmbench results demo/l4-x1 ===" but not "=== end of llmbench results demo/l4-x1 ==="');
    expect(registry.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);
  });

  test('a wrong token is reported as HTTP 401 with the registry message and the token file', async () => {
    seedModelWithVersion();
    fs.writeFileSync(tokenFile, 'not-the-token');
    const failure = publish(summary());
    await expect(failure).rejects.toThrow(/HTTP 401 Unauthorized: Unauthorized: missing or invalid bearer token/);
    await expect(failure).rejects.toThrow(`the bearer token comes from ${tokenFile}`);
  });

  test('an unreadable token file is reported', async () => {
    await expect(publish(summary(), { tokenFile: path.join(dir, 'absent') })).rejects.toThrow(`cannot read the Model Registry bearer token (tokenFile) ${path.join(dir, 'absent')}`);
  });

  test('an unreachable registry is reported with the URL and the cause', async () => {
    const port = await closedPort();
    await expect(publish(summary(), { url: `http://127.0.0.1:${port}` })).rejects.toThrow(
      new RegExp(`Model Registry at http://127\\.0\\.0\\.1:${port}/api/model_registry/v1alpha3 unreachable: GET .*ECONNREFUSED`),
    );
  });

  test('a registry that does not answer in time is reported', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      await expect(publish(summary(), { url: `http://127.0.0.1:${port}`, timeoutMs: 300 })).rejects.toThrow('no answer within 300 ms');
    } finally {
      silent.close();
    }
  });
});

describe('https', () => {
  test('trusts the CA in caFile, and says what to set without it', async () => {
    const certificate = await selfSignedCertificate();
    const secure = await startModelRegistryStandIn({ tls: certificate, token: registry.token });
    try {
      const model = secure.addModel('mistral-small-int4');
      const version = secure.addVersion(model.id, 'v1');
      await expect(publish(summary(), { url: secure.url })).rejects.toThrow(/unreachable: .*self-signed certificate.*set the registry caBundle/);

      const caFile = path.join(dir, 'ca.crt');
      fs.writeFileSync(caFile, certificate.cert);
      await publish(summary(), { url: `${secure.url}/`, caFile });
      expect(secure.version(version.id).customProperties).toHaveProperty([`${P}run_id`]);
    } finally {
      await secure.close();
    }
  });
});

describe('the stand-in validates bodies as the v0.3.8 server does', () => {
  async function patch(body: unknown): Promise<{ status: number; body: any }> {
    const id = seedModelWithVersion();
    const response = await fetch(`${registry.url}${API_PATH}/model_versions/${id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${registry.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  test.each([
    ['an unknown field', { name: 'renamed' }, 'json: unknown field "name"'],
    ['an unknown metadataType', { customProperties: { x: { metadataType: 'MetadataFloatValue', double_value: 1 } } }, 'metadataType not found for x'],
    ['an int_value that is a JSON number', { customProperties: { x: { metadataType: 'MetadataIntValue', int_value: 5 } } }, 'cannot unmarshal number'],
    ['an int beyond int32', { customProperties: { x: { metadataType: 'MetadataIntValue', int_value: '4294967296' } } }, 'unable to decode as int32'],
    ['a double_value that is a string', { customProperties: { x: { metadataType: 'MetadataDoubleValue', double_value: '1.5' } } }, 'cannot unmarshal string'],
    ['a missing value field', { customProperties: { x: { metadataType: 'MetadataStringValue' } } }, 'requires string_value'],
    ['an unknown state', { state: 'DELETED' }, 'not a valid ModelVersionState'],
  ])('rejects %s with 400', async (_what, body, message) => {
    const answer = await patch(body);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('Bad Request');
    expect(answer.body.message).toContain(message);
  });
});

