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
