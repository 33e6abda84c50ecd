/**
 * GuideLLM versions: the image tag decides which command line the renderer writes.
 * `guidellm benchmark run` for v0.4 to v0.6, `guidellm run` from v0.7.0 (see docs/guidellm-cli.md).
 */

export type CliGenerationName = 'benchmark-run' | 'run';

export interface GuidellmVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** `0.7.3` */
  readonly text: string;
  readonly generation: CliGenerationName;
}

/** Oldest release the renderer supports. */
export const OLDEST_SUPPORTED = '0.4.0';

/** Reads the version from an image reference pinned to a release tag, e.g. `ghcr.io/vllm-project/guidellm:v0.7.3`. */
export function parseGuidellmImage(image: string): GuidellmVersion | string {
  const match = /:v?([0-9]+)\.([0-9]+)\.([0-9]+)(?:@sha256:[0-9a-f]{64})?$/.exec(image);
  if (!match) {
    return `image "${image}" must be pinned to a GuideLLM release tag such as ghcr.io/vllm-project/guidellm:v0.7.3 (latest and stable move, and the tag selects the command line)`;
  }
  const [major, minor, patch] = match.slice(1, 4).map(Number);
  if (compareVersions([major, minor, patch], [0, 4, 0]) < 0) {
    return `image "${image}" is GuideLLM ${major}.${minor}.${patch}; the oldest supported release is ${OLDEST_SUPPORTED}`;
  }
  const generation = compareVersions([major, minor, patch], [0, 7, 0]) < 0 ? 'benchmark-run' : 'run';
  return { major, minor, patch, text: `${major}.${minor}.${patch}`, generation };
}

/** Negative, zero or positive as `a` is older than, equal to or newer than `b`. */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** True when `version` is at least `atLeast` (`'0.5.0'`). */
export function isAtLeast(version: GuidellmVersion, atLeast: string): boolean {
  return compareVersions([version.major, version.minor, version.patch], atLeast.split('.').map(Number)) >= 0;
}

/** The newest release whose command line and report format are cited from source (docs/guidellm-cli.md). */
export const NEWEST_CITED = '0.7.3';

/**
 * Why reports of GuideLLM `a` and `b` cannot be compared (figures of one are not those of the other), or undefined.
 * From 0.7.4 GuideLLM's token figures exclude warm-up and cool-down, up to 0.7.3 they do not: a regression between
 * the two would be an artefact. (The change is the v0.7.4 release's, as issue 17 reports it; GuideLLM's source is
 * readable here only up to v0.7.3, so it is not checked against code.) An unknown version compares with anything.
 */
export function notComparable(a: string | undefined, b: string | undefined): string | undefined {
  const era = (v: string | undefined) => {
    const m = v === undefined ? null : /^v?(\d+)\.(\d+)\.(\d+)/.exec(v);
    if (!m) return undefined;
    return compareVersions(m.slice(1, 4).map(Number), [0, 7, 4]) < 0 ? 'up to 0.7.3' : 'from 0.7.4';
  };
  const [ea, eb] = [era(a), era(b)];
  if (!ea || !eb || ea === eb) return undefined;
  return `GuideLLM ${a} and ${b} are not comparable (from 0.7.4 token figures exclude warm-up and cool-down)`;
}
