/**
 * `npm run measure:scale [-- COUNTS [RUNS]]`: synth of the fixture project (`fixture`: all its environments, as
 * `npm run synth` in a checkout) and of one environment with 10, 100 and 1000 targets (or the comma-separated COUNTS,
 * `fixture` among them or not), as whole processes, beside the floor, in one run.
 *
 * The environment is the fixture project's `full` (test/fixtures/project) with its targets repeated under new names,
 * in a temporary copy of that project. Per row: the median of RUNS (default 5) synth processes (`npm run synth`'s
 * bin/synth.cjs with `--root` on that copy, and `--env scale` for a count; its bundle built beforehand, as after a
 * first synth) — wall time, CPU time (user + system, esbuild's processes included) and peak RSS from GNU time — and
 * of RUNS floor processes: plain node that reads the same documents (parsed once beforehand) and only
 * `yaml.stringify`s and writes them; synth and floor processes alternate, and the CPU ratio is the median of the
 * pairs' ratios (this machine's speed drifts by tens of percent within minutes). Then files, bytes, the largest object and the largest app folder of the output,
 * and `npm run validate` of it (median of up to 3 processes: it takes tens of seconds at 1000 targets). Goals
 * (issue 20): 1000 targets < 5 s CPU and < 400 MB peak RSS; three environments ≤ 2.5× the floor; validate linear in
 * the number of targets.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, parseDocument, stringify } from 'yaml';
import { manifestYaml, MANIFEST_YAML_OPTIONS } from '../constructs/manifest-yaml';

const ROOT = path.join(__dirname, '..');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'project');
const TSX = require.resolve('tsx');
const ENV = 'scale';

interface Sample {
  readonly wall: number;
  readonly cpu: number;
  readonly rssMiB: number;
}

/** One process under GNU time: wall from here, CPU and peak RSS from time's report. */
function timed(command: string, args: string[], cwd: string): Sample {
  const report = path.join(os.tmpdir(), `measure-scale-time-${process.pid}`);
  const start = process.hrtime.bigint();
  const run = spawnSync('/usr/bin/time', ['-o', report, '-f', '%U %S %M', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${run.status}):\n${run.stderr}`);
  const [user, system, kib] = fs.readFileSync(report, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  fs.rmSync(report, { force: true });
  return { wall, cpu: user + system, rssMiB: kib / 1024 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const summary = (samples: Sample[]) => ({ wall: median(samples.map((s) => s.wall)), cpu: median(samples.map((s) => s.cpu)), rssMiB: median(samples.map((s) => s.rssMiB)) });

/** A copy of the fixture project; with `count`, its `scale` environment is `full` with `count` targets. */
function project(count: number | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'measure-scale-'));
  fs.cpSync(path.join(FIXTURE, 'config'), path.join(dir, 'config'), { recursive: true });
  if (count === undefined) return dir;
  const doc = parseDocument(fs.readFileSync(path.join(dir, 'config', 'environments', 'full.yaml'), 'utf8'));
  const targets = (doc.toJS().targets as Record<string, unknown>[]).filter((t) => !('endpoint' in t));
  // each copy its own server (deployment), as the configuration requires
  doc.set(
    'targets',
    Array.from({ length: count }, (_, i) => {
      const name = `t${i}-${String(targets[i % targets.length].model)}`.slice(0, 40);
      return { ...targets[i % targets.length], name, deployment: name };
    }),
  );
  // an ArgoCD instance raised for it: 1000 targets hold ~20 MB in the benchmarks app
  const env = doc.toJS();
  env.argocd = { ...env.argocd, maxManifestBytesPerApp: 100_000_000 };
  fs.writeFileSync(path.join(dir, 'config', 'environments', `${ENV}.yaml`), stringify(env, { aliasDuplicateObjects: false }));
  return dir;
}

/** How many times faster manifestYaml writes `objects` than yaml.stringify (the same bytes): median of 3 rounds. */
function writerRatio(objects: readonly unknown[]): number {
  const time = (write: (o: unknown) => string) => {
    const start = process.hrtime.bigint();
    for (const o of objects) write(o);
    return Number(process.hrtime.bigint() - start);
  };
  const rounds = Array.from({ length: 3 }, () => time((o) => stringify(o, MANIFEST_YAML_OPTIONS)) / time(manifestYaml));
  return median(rounds);
}

/** Every file of a folder, recursively. */
function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** `npm run synth` as users run it (bin/synth.cjs: the cached bundle), on the temporary project. */
const LAUNCHER = path.join(ROOT, 'bin', 'synth.cjs');
const FLOOR = `
const fs = require('fs'), path = require('path'), { stringify } = require(${JSON.stringify(require.resolve('yaml'))});
const [docsFile, out] = process.argv.slice(1);
for (const { file, object } of JSON.parse(fs.readFileSync(docsFile, 'utf8'))) {
  fs.mkdirSync(path.join(out, path.dirname(file)), { recursive: true });
  fs.writeFileSync(path.join(out, file), stringify(object, { lineWidth: 0, aliasDuplicateObjects: false }));
}`;

/**
 * One row: `count` targets in the `scale` environment, or with `count` undefined the fixture project as it is, all its
 * environments (what `npm run synth` does in a checkout).
 */
function measure(count: number | undefined, runs: number): void {
  const dir = project(count);
  const envArgs = count === undefined ? [] : ['--env', ENV];
  // the first synth of a checkout builds the cached bundle: not what is measured
  spawnSync(process.execPath, [LAUNCHER, '--root', dir, '--env', 'no-such-environment'], { encoding: 'utf8' });
  try {
    const synthOnce = () => timed(process.execPath, [LAUNCHER, '--root', dir, ...envArgs], dir);
    synthOnce(); // writes the output the floor reads, and the kept bundles and code cache a next synth finds
    const dist = count === undefined ? path.join(dir, 'dist') : path.join(dir, 'dist', ENV);
    const all = files(dist);
    const yamlFiles = all.filter((f) => f.endsWith('.yaml'));
    // the floor: the same documents, parsed once here, only stringified and written by a plain node process
    const docsFile = path.join(dir, 'docs.json');
    const docs = yamlFiles.map((f) => ({ file: path.relative(dist, f), object: parse(fs.readFileSync(f, 'utf8')) }));
    fs.writeFileSync(docsFile, JSON.stringify(docs));
    const yamlRatio = writerRatio(docs.map((d) => d.object));
    const floorOnce = () => timed(process.execPath, ['-e', FLOOR, docsFile, path.join(dir, 'floor-out')], dir);
    // synth and floor alternate, so both see the machine in the same state; the ratio is the median of the pairs'
    const pairs = Array.from({ length: runs }, () => ({ synth: synthOnce(), floor: floorOnce() }));
    const synth = pairs.map((p) => p.synth);
    const floor = pairs.map((p) => p.floor);
    const ratio = median(pairs.map((p) => p.synth.cpu / p.floor.cpu));
    const bytes = all.reduce((n, f) => n + fs.statSync(f).size, 0);
    const largest = yamlFiles.map((f) => ({ f: path.relative(dist, f), b: fs.statSync(f).size })).sort((a, b) => b.b - a.b)[0];
    const folders = new Map<string, number>();
    // an app folder: dist/ENV/FOLDER (relative to the environment's output, or to dist/ for the whole project)
    const folderOf = (f: string) => path.dirname(path.relative(dist, f));
    for (const f of yamlFiles) folders.set(folderOf(f), (folders.get(folderOf(f)) ?? 0) + fs.statSync(f).size);
    const [bigFolder, bigFolderBytes] = [...folders].sort((a, b) => b[1] - a[1])[0];
    const validate = summary(Array.from({ length: Math.min(runs, 3) }, () => timed(process.execPath, ['--import', TSX, path.join(ROOT, 'scripts', 'validate.ts'), '--dir', dist], ROOT)));
    const s = summary(synth);
    const f = summary(floor);
    const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
    console.log(`${' '.repeat(7)}manifestYaml writes the same documents ${yamlRatio.toFixed(1)}× faster than yaml.stringify (in this process, median of 3)`);
    const row = count === undefined ? 'fixture project, all environments' : `${String(count).padStart(5)} targets`;
    console.log(
      `${row}: synth wall ${s.wall.toFixed(2)} s, CPU ${s.cpu.toFixed(2)} s, peak RSS ${s.rssMiB.toFixed(0)} MiB | floor wall ${f.wall.toFixed(2)} s, CPU ${f.cpu.toFixed(2)} s | CPU ratio ${ratio.toFixed(2)}× (median of pairs) | ${all.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB | largest object ${largest.f} ${kb(largest.b)} | largest folder ${bigFolder}/ ${kb(bigFolderBytes)} | validate wall ${validate.wall.toFixed(2)} s, CPU ${validate.cpu.toFixed(2)} s, peak RSS ${validate.rssMiB.toFixed(0)} MiB`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function main(): number {
  // `fixture`: the fixture project's own environments, all of them
  const counts = (process.argv[2] ?? 'fixture,10,100,1000').split(',').map((c) => (c === 'fixture' ? undefined : Number(c)));
  const runs = Number(process.argv[3] ?? 5);
  console.log(`synth of the fixture project, and --env ${ENV}: the fixture's full environment with COUNT targets; median of ${runs} processes per figure (this machine: ${os.cpus().length} CPUs)`);
  for (const count of counts) measure(count, runs);
  return 0;
}

process.exitCode = main();
