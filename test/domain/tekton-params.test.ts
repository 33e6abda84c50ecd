/**
 * The Task's parameters are the benchmark options, both ways: what a PipelineRun template passes
 * (paramsFromOptions) reads back (optionsFromParams) to the same GuideLLM options.
 */
import { BenchmarkOptions } from '../../domain/guidellm/command';
import { benchmarkParamSpecs, optionsFromParams, paramsFromOptions } from '../../domain/contracts/tekton-params';

const options: BenchmarkOptions = {
  target: 'http://m-predictor.serving.svc:8080/v1',
  model: 'm',
  verifyTls: false,
  processor: 'org/tokenizer',
  data: { promptTokens: 64, outputTokens: 32 },
  profile: 'concurrent',
  rates: [1, 5],
  maxSeconds: 60,
  randomSeed: 7,
  outputDir: '.',
  outputs: ['json', 'csv'],
  labels: { environment: 'e', target: 't', model: 'm', gpu_profile: 'g', scenario: 's', load_plan: 'p' },
};

const defaults = (requestSamples: number | undefined) => Object.fromEntries(benchmarkParamSpecs({ environment: 'e', guidellmImage: 'img:v0.7.3', htmlReport: false, requestSamples }).flatMap((p) => (p.default === undefined ? [] : [[p.name, p.default] as const])));

test.each([
  ['every request kept', undefined],
  ['20 requests per status', 20],
  ['no request records', 0],
])('request sampling round-trips: %s', (_, requestSamples) => {
  const run = { options: { ...options, requestSamples }, benchmarkName: 's-p', guidellmImage: 'img:v0.7.3' };
  const params = paramsFromOptions(run);
  expect(params['request-samples']).toBe(requestSamples === undefined ? '' : String(requestSamples));
  const back = optionsFromParams({ ...defaults(undefined), ...params });
  expect(back.options.requestSamples).toBe(requestSamples);
});

test("the Task's default is the environment's setting: empty for all, else the number", () => {
  expect(defaults(undefined)['request-samples']).toBe('');
  expect(defaults(20)['request-samples']).toBe('20');
  expect(optionsFromParams({ ...defaults(20), ...paramsFromOptions({ options, benchmarkName: 's-p', guidellmImage: 'i:v0.7.3' }), 'request-samples': '20' }).options.requestSamples).toBe(20);
});

test('the over-saturation stop round-trips; a value other than true or false is refused', () => {
  const run = { options: { ...options, stopOnOverSaturation: true }, benchmarkName: 's-p', guidellmImage: 'img:v0.7.3' };
  const params = paramsFromOptions(run);
  expect(params['over-saturation']).toBe('true');
  expect(optionsFromParams({ ...defaults(undefined), ...params }).options.stopOnOverSaturation).toBe(true);
  expect(optionsFromParams({ ...defaults(undefined), ...paramsFromOptions({ ...run, options }) }).options.stopOnOverSaturation).toBeUndefined();
  expect(() => optionsFromParams({ ...defaults(undefined), ...params, 'over-saturation': 'yes' })).toThrow('parameter over-saturation must be true or false, got "yes"');
});
