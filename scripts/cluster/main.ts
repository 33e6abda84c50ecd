/**
 * `npm run cluster -- check|diff|run --env ENV [--cluster NAME]`: the generated manifests against a real cluster, through the
 * user's kubeconfig (see docs/cluster.md). Exit codes: see `USAGE`.
 */
import * as path from 'path';
import { parseArgs } from './args';
import { check } from './check';
import { diff } from './diff';
import { CliError } from './errors';
import { Kube } from './kube';
import { destinationMismatch, readManifests, stackRootOf } from './manifests';
import { run } from './run';

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const distDir = path.resolve(args.dist);
  const root = stackRootOf(distDir, args.env, args.cluster);
  const manifests = readManifests(distDir, root);
  const kube = await Kube.connect(args.context);
  // a fleet's cluster: never its manifests against another cluster (a single cluster's destination is in-cluster)
  const mismatch = args.cluster === undefined ? undefined : destinationMismatch(manifests, root, kube.context, kube.server);
  if (mismatch) throw new CliError(mismatch);
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const label = `${path.relative(process.cwd(), path.join(distDir, root)) || '.'}/`;
  if (args.command === 'check') return check(kube, label, manifests, print);
  if (args.command === 'diff') return diff(kube, label, manifests, print);
  process.once('SIGINT', () => {
    process.stderr.write('\nstopped following; the run goes on in the cluster (`oc get jobs`)\n');
    process.exit(130);
  });
  return run(kube, { env: root, target: args.target, manifests, print, live: Boolean(process.stdout.isTTY), write: (t) => process.stdout.write(t) });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof CliError) {
      process.stderr.write(`cluster: ${error.message}\n`);
      process.exit(error.exitCode);
    }
    process.stderr.write(`cluster: unexpected error: ${(error as Error)?.stack ?? error}\n`);
    process.exit(2);
  },
);
