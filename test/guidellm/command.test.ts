/**
 * The GuideLLM command renderer: DESIGN.md's v0.7.3 example verbatim, the legacy generation, and every option
 * combination of the catalog checked against the flags and `kind=` keys of the cited table (cli-table.ts).
 */
import { benchmarkOptions } from '../../constructs/benchmark-job';
import { BenchmarkOptions, kindValue, renderBenchmarkCommand, renderHtmlCommand, yamlScalar } from '../../domain/guidellm/command';
import { LEGACY_CLI, LEGACY_FROM_FILE_CLI, RUN_CLI, RUN_EXPORT_CLI, RUN_FROM_FILE_CLI } from './cli-table';
import { CliGeneration } from './cli-table-types';
import { compareVersions, GuidellmVersion, parseGuidellmImage } from '../../domain/guidellm/version';
import { fixture } from '../helpers/project';

const version = (tag: string): GuidellmVersion => {
  const v = parseGuidellmImage(`ghcr.io/vllm-project/guidellm:${tag}`);
  if (typeof v === 'string') throw new Error(v);
  return v;
};

const designExample: BenchmarkOptions = {
  target: 'http://vllm:8000',
  model: 'granite-3.3-8b',
  data: { promptTokens: 64, outputTokens: 64 },
  profile: 'concurrent',
  rates: [1, 5, 10],
  maxSeconds: 120,
  outputDir: '/results',
  outputs: ['json'],
};

test("DESIGN.md's v0.7.3 example comes out verbatim", () => {
  expect(renderBenchmarkCommand(designExample, version('v0.7.3')).join(' ')).toBe(
    'guidellm run --backend kind=openai_http,target=http://vllm:8000,model=granite-3.3-8b ' +
      '--profile kind=concurrent,streams[0]=1,streams[1]=5,streams[2]=10 ' +
      '--constraint kind=max_duration,seconds=120 ' +
      '--data kind=synthetic_text,prompt_tokens=64,output_tokens=64 ' +
      '--output kind=json,path=/results/benchmarks.json --disable-console-interactive',
  );
});

const everything: BenchmarkOptions = {
  ...designExample,
  target: 'https://granite.serving.svc:8443/v1',
  verifyTls: true,
  processor: 'ibm-granite/granite-3.3-8b-instruct',
  maxRequests: 500,
  maxErrors: 20,
  maxErrorRate: 0.5,
  warmup: 0.1,
  cooldown: 0.05,
  randomSeed: 7,
  outputDir: '.',
  outputs: ['json', 'csv'],
  labels: { target: 'granite-l4', scenario: 'chat' },
};

test('v0.7 puts warmup and cooldown on the profile, tokenizer and seed in kind= options, the API key nowhere', () => {
  expect(renderBenchmarkCommand(everything, version('v0.7.3'))).toEqual([
    'guidellm', 'run',
    '--backend', 'kind=openai_http,target=https://granite.serving.svc:8443/v1,model=granite-3.3-8b,verify=true',
    '--profile', 'kind=concurrent,streams[0]=1,streams[1]=5,streams[2]=10,warmup=0.1,cooldown=0.05',
    '--constraint', 'kind=max_duration,seconds=120',
    '--constraint', 'kind=max_requests,count=500',
    '--constraint', 'kind=max_errors,count=20',
    '--constraint', 'kind=max_error_rate,rate=0.5',
    '--data', 'kind=synthetic_text,prompt_tokens=64,output_tokens=64',
    '--tokenizer', 'kind=huggingface_auto,model=ibm-granite/granite-3.3-8b-instruct',
    '--seed', 'kind=static,value=7',
    '--output', 'kind=json,path=benchmarks.json',
    '--output', 'kind=csv,path=benchmarks.csv',
    '--label', 'target=granite-l4',
    '--label', 'scenario=chat',
    '--disable-console-interactive',
  ]);
});

test('v0.6 uses plain flags, a comma list of rates, --output-dir and no labels', () => {
  expect(renderBenchmarkCommand(everything, version('v0.6.1'))).toEqual([
    'guidellm', 'benchmark', 'run',
    '--target', 'https://granite.serving.svc:8443/v1',
    '--model', 'granite-3.3-8b',
    '--backend-kwargs', '{"verify":true}',
    '--processor', 'ibm-granite/granite-3.3-8b-instruct',
    '--data', 'prompt_tokens=64,output_tokens=64',
    '--profile', 'concurrent',
    '--rate', '1,5,10',
    '--max-seconds', '120',
    '--max-requests', '500',
    '--max-errors', '20',
    '--max-error-rate', '0.5',
    '--warmup', '0.1',
    '--cooldown', '0.05',
    '--random-seed', '7',
    '--output-dir', '.',
    '--outputs', 'json,csv',
    '--disable-console-interactive',
  ]);
});

test.each([
  ['synchronous', undefined, 'kind=synchronous', undefined],
  ['throughput', [64], 'kind=throughput,max_concurrency=64', '64'],
  ['constant', [0.5, 2], 'kind=constant,rate[0]=0.5,rate[1]=2', '0.5,2'],
  ['poisson', [0.1, 5], 'kind=poisson,rate[0]=0.1,rate[1]=5', '0.1,5'],
  ['sweep', [10], 'kind=sweep,sweep_size=10', '10'],
] as const)('profile %s renders its rates for both generations', (profile, rates, run, legacy) => {
  const options = { ...designExample, profile, rates: rates ? [...rates] : undefined };
  const runArgs = renderBenchmarkCommand(options, version('v0.7.3'));
  expect(runArgs[runArgs.indexOf('--profile') + 1]).toBe(run);
  const legacyArgs = renderBenchmarkCommand(options, version('v0.6.1'));
  expect(legacyArgs[legacyArgs.indexOf('--profile') + 1]).toBe(profile);
  expect(legacyArgs.includes('--rate') ? legacyArgs[legacyArgs.indexOf('--rate') + 1] : undefined).toBe(legacy);
});

test('request sampling: --metrics sample_size from v0.7, --sample-requests before, nothing when every request is kept', () => {
  const sampled = { ...designExample, requestSamples: 20 };
  const after = (argv: string[], flag: string) => argv[argv.indexOf(flag) + 1];
  const run = renderBenchmarkCommand(sampled, version('v0.7.3'));
  expect(after(run, '--metrics')).toBe('kind=generative,sample_size=20');
  const legacy = renderBenchmarkCommand(sampled, version('v0.6.1'));
  expect(after(legacy, '--sample-requests')).toBe('20');
  expect(after(renderBenchmarkCommand({ ...designExample, requestSamples: 0 }, version('v0.4.0')), '--sample-requests')).toBe('0');
  for (const tag of ['v0.4.0', 'v0.7.3']) {
    const all = renderBenchmarkCommand(designExample, version(tag));
    expect(all.filter((a) => a === '--metrics' || a === '--sample-requests')).toEqual([]);
  }
});

test('over-saturation stop: kind=over_saturation from v0.7, --detect-saturation before; both in the cited table', () => {
  const stopping = { ...designExample, stopOnOverSaturation: true };
  const run = renderBenchmarkCommand(stopping, version('v0.7.3'));
  expect(run.filter((_, i) => run[i - 1] === '--constraint')).toContain('kind=over_saturation');
  expect(undocumented(run, RUN_CLI, version('v0.7.3'))).toEqual([]);
  const legacy = renderBenchmarkCommand(stopping, version('v0.5.0'));
  expect(legacy).toContain('--detect-saturation');
  expect(undocumented(legacy, LEGACY_CLI, version('v0.5.0'))).toEqual([]);
  expect(renderBenchmarkCommand(designExample, version('v0.7.3')).join(' ')).not.toContain('over_saturation');
});

test('datasets: a Hugging Face id, and files by type', () => {
  const data = (d: BenchmarkOptions['data'], tag: string) => {
    const args = renderBenchmarkCommand({ ...designExample, data: d }, version(tag));
    return args[args.indexOf('--data') + 1];
  };
  expect(data({ huggingFaceDataset: 'org/chats' }, 'v0.7.3')).toBe('kind=huggingface,source=org/chats');
  expect(data({ file: '/data/prompts.jsonl' }, 'v0.7.3')).toBe('kind=json_file,path=/data/prompts.jsonl');
  expect(data({ file: '/data/prompts.csv' }, 'v0.7.3')).toBe('kind=csv_file,path=/data/prompts.csv');
  expect(data({ file: '/data/prompts.parquet' }, 'v0.7.3')).toBe('kind=parquet_file,path=/data/prompts.parquet');
  expect(data({ huggingFaceDataset: 'org/chats' }, 'v0.6.1')).toBe('org/chats');
  expect(() => data({ file: '/data/prompts.xml' }, 'v0.7.3')).toThrow('dataset file /data/prompts.xml must end with one of .json, .jsonl, .csv, .txt, .parquet');
});

test('the HTML report is rendered afterwards: export from v0.7.2, from-file before', () => {
  expect(renderHtmlCommand(version('v0.7.3'))).toEqual(['guidellm', 'export', 'benchmarks.json', '--output', 'kind=html,path=benchmarks.html']);
  expect(renderHtmlCommand(version('v0.7.1'))).toEqual(['guidellm', 'benchmark', 'from-file', 'benchmarks.json', '--output-path', '.', '--output-formats', 'html']);
  expect(renderHtmlCommand(version('v0.5.0'))).toEqual(renderHtmlCommand(version('v0.7.1')));
});

test('values GuideLLM would read as another YAML type are quoted; commas are refused', () => {
  expect(yamlScalar('granite-3.3-8b')).toBe('granite-3.3-8b');
  expect(yamlScalar('http://vllm:8000/v1')).toBe('http://vllm:8000/v1');
  expect(yamlScalar('/tokenizer/granite')).toBe('/tokenizer/granite');
  expect(yamlScalar('1.0')).toBe("'1.0'");
  expect(yamlScalar('yes')).toBe("'yes'");
  expect(yamlScalar('Off')).toBe("'Off'");
  expect(yamlScalar('null')).toBe("'null'");
  expect(yamlScalar('12:30')).toBe("'12:30'");
  expect(yamlScalar("it's #1")).toBe("'it''s #1'");
  expect(kindValue('openai_http', { target: 'http://x', model: '7' })).toBe("kind=openai_http,target=http://x,model='7'");
  expect(() => yamlScalar('a,b')).toThrow('"a,b" contains a comma, which GuideLLM cannot take');
});

test('image tags select the generation; unpinned and too old tags are refused', () => {
  expect(version('v0.7.0').generation).toBe('run');
  expect(version('v0.6.1').generation).toBe('benchmark-run');
  expect(parseGuidellmImage('ghcr.io/vllm-project/guidellm:latest')).toMatch(/must be pinned to a GuideLLM release tag/);
  expect(parseGuidellmImage('ghcr.io/vllm-project/guidellm:v0.3.0')).toBe(
    'image "ghcr.io/vllm-project/guidellm:v0.3.0" is GuideLLM 0.3.0; the oldest supported release is 0.4.0',
  );
});

// ------------------------------------------------------------------------------ every flag is in the table

/** Checks an argv against a table generation: known flags (with `since`), fixed values, kinds and their keys. */
function undocumented(argv: string[], table: CliGeneration, v: GuidellmVersion): string[] {
  const problems: string[] = [];
  const words = argv.slice(1 + table.subcommand.length);
  expect(argv.slice(0, 1 + table.subcommand.length)).toEqual(['guidellm', ...table.subcommand]);
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!word.startsWith('--')) {
      if (i === 0 && ['from-file', 'export'].includes(table.subcommand[table.subcommand.length - 1])) continue; // the report path
      problems.push(`stray argument ${word}`);
      continue;
    }
    const fact = table.flags.find((f) => f.flag === word);
    if (!fact) {
      problems.push(`${word} is not in the table`);
      continue;
    }
    if (fact.since && compareVersions([v.major, v.minor, v.patch], fact.since.split('.').map(Number)) < 0) problems.push(`${word} needs ${fact.since}`);
    if (!fact.takesValue) continue;
    const value = words[++i];
    const values = table.values?.[word];
    if (values) {
      for (const item of value.split(',')) if (!values.some((x) => x.value === item)) problems.push(`${word} ${item} is not an allowed value`);
    }
    const kinds = table.kinds?.[word];
    if (kinds) {
      const pairs = value.split(',').map((p) => p.slice(0, p.indexOf('=')).replace(/\[\d+\]$/, ''));
      const kind = value.match(/^kind=([^,]+)/)?.[1];
      const fact = kind ? kinds[kind] : undefined;
      if (!fact) {
        problems.push(`${word} ${value}: kind not in the table`);
        continue;
      }
      for (const key of pairs.slice(1)) if (!fact.keys.includes(key)) problems.push(`${word} kind=${kind}: key ${key} is not in the table`);
      for (const key of fact.required) if (!pairs.includes(key)) problems.push(`${word} kind=${kind}: required key ${key} missing`);
    }
  }
  return problems;
}

const VERSIONS = ['v0.4.0', 'v0.5.0', 'v0.6.1', 'v0.7.0', 'v0.7.1', 'v0.7.3'];

test('every scenario × load plan × tokenizer of the catalog emits only flags and keys of the cited table', () => {
  const { catalog, environments } = fixture();
  const guidellm = environments[0].config.guidellm;
  const tokenizers = [{ huggingFace: 'org/tokenizer' }, { pvc: { claimName: 'tok', path: 'granite' } }] as const;
  const SAMPLES = ['all', 20] as const;
  const endpoints = ['http://m-predictor.serving.svc:8080/v1', 'https://m.serving.svc:8443/v1'];
  let commands = 0;
  for (const tag of VERSIONS) {
    const v = version(tag);
    const table = v.generation === 'run' ? RUN_CLI : LEGACY_CLI;
    for (const [scenarioName, scenario] of Object.entries(catalog.scenarios)) {
      for (const [planName, plan] of Object.entries(catalog.loadPlans)) {
        for (const tokenizer of tokenizers) {
          for (const [endpoint, requestSamples] of endpoints.flatMap((e) => SAMPLES.map((s) => [e, s] as const))) {
            const target = {
              name: 't',
              model: { name: 'm', servedModelName: 'm', tokenizer, serving: {} },
              gpuProfile: { name: 'g', gpuType: 'L4', gpuCount: 1, instanceType: 'x', pricePerHour: 1, nodeSelector: {}, tolerations: [] },
              deployment: 'm',
              endpoint,
              auth: {},
              benchmarks: [],
            };
            const benchmark = { name: `${scenarioName}-${planName}`, scenario: { ...scenario, name: scenarioName }, plan: { ...plan, name: planName } };
            const argv = renderBenchmarkCommand(benchmarkOptions({ environment: 'e', target, guidellm: { ...guidellm, requestSamples } }, benchmark), v);
            expect([tag, benchmark.name, undocumented(argv, table, v)]).toEqual([tag, benchmark.name, []]);
            commands++;
          }
        }
      }
    }
    const htmlTable = v.generation === 'benchmark-run' ? LEGACY_FROM_FILE_CLI : compareVersions([v.major, v.minor, v.patch], [0, 7, 2]) < 0 ? RUN_FROM_FILE_CLI : RUN_EXPORT_CLI;
    expect(undocumented(renderHtmlCommand(v), htmlTable, v)).toEqual([]);
  }
  expect(commands).toBe(VERSIONS.length * 5 * 5 * 2 * 2 * SAMPLES.length);
});

test('the table check itself catches an undocumented flag, key and kind', () => {
  const v = version('v0.7.3');
  const argv = renderBenchmarkCommand(designExample, v);
  expect(undocumented([...argv, '--max-seconds', '5'], RUN_CLI, v)).toEqual(['--max-seconds is not in the table', 'stray argument 5']);
  expect(undocumented(argv.map((a) => a.replace('seconds=120', 'value=120')), RUN_CLI, v)).toEqual([
    '--constraint kind=max_duration: key value is not in the table',
    '--constraint kind=max_duration: required key seconds missing',
  ]);
  expect(undocumented(argv.map((a) => a.replace('kind=synthetic_text', 'kind=synthetic')), RUN_CLI, v)).toEqual([
    '--data kind=synthetic,prompt_tokens=64,output_tokens=64: kind not in the table',
  ]);
});

test('every table entry cites a GuideLLM file and line at a tag', () => {
  for (const table of [LEGACY_CLI, RUN_CLI, LEGACY_FROM_FILE_CLI, RUN_FROM_FILE_CLI, RUN_EXPORT_CLI]) {
    const sources = [
      ...table.flags.map((f) => f.source),
      ...Object.values(table.kinds ?? {}).flatMap((k) => Object.values(k).map((f) => f.source)),
      ...Object.values(table.values ?? {}).flatMap((v) => v.map((f) => f.source)),
    ];
    for (const source of sources) expect(source).toMatch(/^[\w./-]+\.(py|toml|md):\d+([-,]\d+)* @ v\d+\.\d+\.\d+$/);
  }
});
