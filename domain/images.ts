/**
 * When an image reference is pinned: the one rule the configuration (config/sections/sign-in.ts `pinnedImage`) and
 * the policy check of every manifest (scripts/validation/policy-rules.ts) apply.
 *
 * Pinned means the reference names one build: a digest (`@sha256:…`), or a tag that is a full release — three
 * version numbers (`v0.7.3`, `1.30.4`, `v4.15.0`, with any suffix), a numbered build of a version (Red Hat's
 * `1-51`, `9.5-1736404036`) or a dated release (MinIO's `RELEASE.2025-08-13T08-35-41Z`). A tag with fewer numbers
 * (`v1`, `v4.15`, `1.30`) names a line of releases its publisher moves, like `latest`.
 */

/** The tag and digest of an image reference (`registry:5000/repo/name:tag@sha256:...`). */
export function parseImageReference(image: string): { tag?: string; digest?: string } {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const name = at >= 0 ? image.slice(0, at) : image;
  const colon = name.lastIndexOf(':');
  const tag = colon > name.lastIndexOf('/') ? name.slice(colon + 1) : undefined;
  return { tag, digest };
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** Tags that name one release: see the header. */
const RELEASE_TAGS: readonly RegExp[] = [/^v?\d+\.\d+\.\d+([-+._].*)?$/, /^v?\d+(\.\d+)*-\d+(\.\d+)*$/, /^RELEASE\.\d{4}-\d{2}-\d{2}T[\d-]+Z$/];

/**
 * Images whose publisher names no full release and whose digest could not be looked up when the default was
 * chosen, each with the reason; the default stays on its one tag until someone with registry access pins the
 * digest (`skopeo inspect --format '{{.Digest}}' docker://IMAGE`). Only a shipped default belongs here.
 */
export const UNPINNABLE_DEFAULTS: Readonly<Record<string, string>> = {
  'quay.io/rh-aiservices-bu/guidellm-wb:v1':
    'the only tag rh-aiservices-bu/guidellm-pipeline names (README.md:142 @ d7e7d64); it publishes no release tags',
};

/** How to pin, for messages. */
export const HOW_TO_PIN = "pin a full release (e.g. v4.15.0) or a digest (IMAGE@sha256:…, from `skopeo inspect --format '{{.Digest}}' docker://IMAGE`)";

/** Why `image` is not pinned, or undefined when it is. */
export function imagePinProblem(image: string): string | undefined {
  const { tag, digest } = parseImageReference(image);
  if (digest !== undefined) return DIGEST.test(digest) ? undefined : `image ${JSON.stringify(image)} has a malformed digest; expected sha256: and 64 hex digits`;
  if (UNPINNABLE_DEFAULTS[image] !== undefined) return undefined;
  if (tag === undefined) return `image ${JSON.stringify(image)} has no tag or digest; ${HOW_TO_PIN}`;
  if (RELEASE_TAGS.some((r) => r.test(tag))) return undefined;
  return `image ${JSON.stringify(image)} uses the tag "${tag}", which names a line of releases its publisher moves, not one build; ${HOW_TO_PIN}`;
}
