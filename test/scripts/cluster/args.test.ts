/** The cluster command's arguments (pure). */
import { parseArgs } from '../../../scripts/cluster/args';

test('command, --env, --context, --target and --dist, as separate or = values', () => {
  expect(parseArgs(['check', '--env', 'dev'])).toEqual({ command: 'check', env: 'dev', dist: 'dist' });
  expect(parseArgs(['diff', '--env=dev', '--context', 'prod-admin', '--dist', 'out'])).toEqual({ command: 'diff', env: 'dev', context: 'prod-admin', dist: 'out' });
  expect(parseArgs(['run', '--env', 'dev', '--target=granite-8b-l4-x1'])).toEqual({ command: 'run', env: 'dev', target: 'granite-8b-l4-x1', dist: 'dist' });
});

test.each([
  [[], /^usage: npm run cluster -- COMMAND --env ENV/],
  [['apply', '--env', 'dev'], /^unknown command "apply": expected check, diff or run/],
  [['check'], /^--env ENV is required/],
  [['check', '--env'], /^option --env needs a value$/],
  [['check', '--env', '--context', 'x'], /^option --env needs a value$/],
  [['check', '--env', 'dev', '--namespace', 'x'], /^unknown option "--namespace"/],
  [['diff', '--env', 'dev', '--target', 'x'], /^--target applies to run only$/],
])('%j is refused: %s', (argv, message) => {
  expect(() => parseArgs(argv as string[])).toThrow(message);
});
