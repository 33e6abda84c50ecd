/**
 * render-command: the first step of the `guidellm-benchmark` Tekton Task. Reads the Task's parameters and
 * prints the GuideLLM command line (argv, as JSON) that the benchmark step runs, rendered by the same
 * `renderBenchmarkCommand` as the benchmark Jobs' commands (domain/guidellm/command.ts).
 *
 * Bundled by esbuild at synth time into one dependency-free file (constructs/tekton/render-command.ts), shipped
 * in a ConfigMap and run by the results processor's Node.js image.
 *
 * Input:  each parameter `name` in the environment variable PARAM_NAME (domain/contracts/tekton-params.ts), or all of
 *         them as a JSON object in `--params JSON`
 * Output: stdout: the argv as a JSON array. With `--out DIR`, also DIR/command.json (the same argv),
 *         DIR/html-command.json (the HTML report command), DIR/run-context.json (RUN_CONTEXT of finalize.py),
 *         DIR/benchmark-name.
 * Exit:   1 with a message naming the parameter when a value is invalid.
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderBenchmarkCommand, renderHtmlCommand } from '../../domain/guidellm/command';
import { GuidellmVersion, parseGuidellmImage } from '../../domain/guidellm/version';
import { benchmarkParamSpecs, optionsFromParams, paramEnvName, ParamValues } from '../../domain/contracts/tekton-params';

/** Parameter names, read from the spec list (defaults do not matter here: Tekton fills them in). */
const PARAM_NAMES = benchmarkParamSpecs({ environment: '', guidellmImage: '', htmlReport: false, requestSamples: undefined }).map((p) => p.name);

function readParams(args: string[], env: NodeJS.ProcessEnv): ParamValues {
  const at = args.indexOf('--params');
  if (at >= 0) return JSON.parse(args[at + 1]) as ParamValues;
  const values: Record<string, string> = {};
  for (const name of PARAM_NAMES) {
    const value = env[paramEnvName(name)];
    if (value !== undefined) values[name] = value;
  }
  return values;
}

function versionOf(image: string, version: string): GuidellmVersion {
  const parsed = parseGuidellmImage(version === '' ? image : `guidellm:v${version.replace(/^v/, '')}`);
  if (typeof parsed === 'string') throw new Error(version === '' ? `parameter guidellm-image: ${parsed}` : `parameter guidellm-version "${version}" is not a supported release`);
  return parsed;
}

export function render(values: ParamValues) {
  const run = optionsFromParams(values);
  const version = versionOf(run.guidellmImage, (values['guidellm-version'] ?? '').trim());
  const labels = run.options.labels ?? {};
  const targetInfo = (values['target-info'] ?? '').trim();
  const target = targetInfo !== ''
    ? JSON.parse(targetInfo)
    : { name: labels.target, model: labels.model, servedModelName: run.options.model, endpoint: run.options.target, gpuProfile: labels.gpu_profile };
  return {
    command: renderBenchmarkCommand(run.options, version),
    htmlCommand: renderHtmlCommand(version),
    benchmarkName: run.benchmarkName,
    runContext: {
      environment: labels.environment,
      target,
      guidellm: { image: run.guidellmImage, version: version.text },
      benchmarks: [{ name: run.benchmarkName, scenario: labels.scenario, loadPlan: labels.load_plan }],
    },
  };
}

function main(args: string[]): number {
  try {
    const result = render(readParams(args, process.env));
    const at = args.indexOf('--out');
    if (at >= 0) {
      const dir = args[at + 1];
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'command.json'), JSON.stringify(result.command));
      fs.writeFileSync(path.join(dir, 'html-command.json'), JSON.stringify(result.htmlCommand));
      fs.writeFileSync(path.join(dir, 'run-context.json'), JSON.stringify(result.runContext));
      fs.writeFileSync(path.join(dir, 'benchmark-name'), result.benchmarkName);
    }
    process.stdout.write(`${JSON.stringify(result.command)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`render-command: ${(error as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
