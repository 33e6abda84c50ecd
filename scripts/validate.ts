/**
 * `npm run validate [-- --dir DIR] [--schema-location TEMPLATE ...] [--allow-kind apiVersion/Kind ...]`
 *
 * Checks every YAML document under DIR (default `dist/`) against the Kubernetes and CRD schemas (kubeconform
 * semantics) and the project policy, each environment's output for least privilege (./validation/privileges.ts), prints one line per problem and a summary, and exits 1 on any problem.
 * The checks live in ./validation; this file only handles the command line.
 */
import { parseArgs } from 'util';
import { validateDirectory } from './validation';
import { formatProblem, formatSummary } from './validation/report';
import { formatTektonLintProblem, lintTektonDirectory } from './validation/tekton-lint';
import { checkEnvironmentPrivileges, environmentDirectories } from './validation/privileges';

const USAGE = `usage: npm run validate -- [--dir DIR] [--schema-location TEMPLATE ...] [--allow-kind apiVersion/Kind ...]
  --dir DIR                   directory searched recursively for *.yaml and *.yml (default: dist)
  --schema-location TEMPLATE  kubeconform schema location template, repeatable; replaces the defaults;
                              "default" is the Kubernetes core one; relative to the project root
  --allow-kind GVK            apiVersion/Kind that may have no schema, e.g. example.com/v1/Widget; repeatable`;

/** Exit code of a command-line mistake (problems in the manifests exit with 1). */
const USAGE_ERROR = 2;

interface CliOptions {
  dir: string;
  schemaLocations?: string[];
  allowKinds: string[];
}

function parseCommandLine(args: string[]): CliOptions | 'help' {
  const { values } = parseArgs({
    args,
    options: {
      dir: { type: 'string', default: 'dist' },
      'schema-location': { type: 'string', multiple: true },
      'allow-kind': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    return 'help';
  }
  return {
    dir: values.dir ?? 'dist',
    schemaLocations: values['schema-location'],
    allowKinds: values['allow-kind'] ?? [],
  };
}

function main(args: string[]): number {
  let options: CliOptions | 'help';
  try {
    options = parseCommandLine(args);
  } catch (error) {
    console.error(`validate: ${(error as Error).message}\n${USAGE}`);
    return USAGE_ERROR;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  try {
    const result = validateDirectory(options.dir, options);
    for (const problem of result.problems) {
      console.log(formatProblem(problem));
    }
    // Tekton resources: the schemas accept anything inside taskSpec and params; tekton-lint checks what they hold
    const tekton = lintTektonDirectory(options.dir);
    for (const problem of tekton.problems) console.log(formatTektonLintProblem(problem));
    if (tekton.files.length > 0) console.log(`tekton-lint: ${tekton.files.length} file(s), ${tekton.problems.length} problem(s)`);
    // least privilege, per environment (a folder with bootstrap/): ./validation/privileges.ts
    const environments = environmentDirectories(options.dir);
    const privileges = environments.flatMap(checkEnvironmentPrivileges);
    for (const problem of privileges) console.log(`${problem} [privileges]`);
    if (environments.length > 0) console.log(`privileges: ${environments.length} environment(s), ${privileges.length} problem(s)`);
    console.log(formatSummary(result.summary));
    if (result.summary.files === 0) {
      console.error(`validate: no *.yaml or *.yml files under ${options.dir}`);
      return 1;
    }
    return result.problems.length > 0 || tekton.problems.length > 0 || privileges.length > 0 ? 1 : 0;
  } catch (error) {
    console.error(`validate: ${(error as Error).message}`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
