/**
 * Configuration of the OpenShift sign-in (an oauth-proxy sidecar) that Grafana and the workbench share, and of
 * the workbench's sign-in switch; and the value types every section shares: a pinned image, a Secret/ConfigMap
 * key, a quantity, a container's resources.
 */
import { z } from 'zod';
import { imagePinProblem } from '../../domain/images';

/** DNS-1123 label: what a name must be to appear in Kubernetes object names and label values. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const dnsName = (what: string) =>
  z
    .string()
    .regex(DNS_LABEL, { message: `${what} must be lowercase letters, digits and '-', starting and ending with a letter or digit` })
    .max(63, { message: `${what} must be at most 63 characters` });

/** An image reference pinned to one build: a digest or a full release tag (domain/images.ts), never `:latest` or `:v1`. */
export const pinnedImage = z
  .string()
  .regex(/^[a-z0-9.-]+(:[0-9]+)?\/[a-z0-9._\/-]+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/, {
    message: 'must be an image reference such as registry.example.com/org/image:v1.2.3 or registry.example.com/org/image@sha256:<64 hex digits>',
  })
  .superRefine(refinePinned);

/** Adds the pinning rule's problem with `image`, if any, to a zod refinement (the value itself is shown by the error). */
export function refinePinned(image: string, ctx: z.RefinementCtx): void {
  const problem = imagePinProblem(image);
  if (problem) ctx.addIssue({ code: 'custom', message: problem.replace(/^image "[^"]*" /, 'the image ') });
}

/** A Secret or ConfigMap data key: letters, digits, '-', '_', '.'; never a path. */
export const dataKey = z
  .string()
  .regex(/^[-._a-zA-Z0-9]+$/, { message: "must be a Secret/ConfigMap key (letters, digits, '-', '_', '.')" })
  .refine((k) => k !== '.' && k !== '..', { message: "must be a Secret/ConfigMap key, not '.' or '..'" });

/** DNS-1123 subdomain: names of ConfigMaps and Secrets may contain dots. */
export const dnsSubdomain = (what: string) =>
  z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, {
      message: `${what} must be lowercase letters, digits, '-' and '.', starting and ending with a letter or digit`,
    })
    .max(253, { message: `${what} must be at most 253 characters` });

export const secretKeyRef = z.strictObject({
  /** Name of a Secret in the stack's namespace, created out of band (never in git). */
  name: dnsSubdomain('Secret name'),
  /** Key inside the Secret. */
  key: dataKey,
});

export const configMapKeyRef = z.strictObject({
  /** Name of a ConfigMap in the stack's namespace (OpenShift injects `openshift-service-ca.crt` in every namespace). */
  configMap: dnsSubdomain('ConfigMap name'),
  /** Key holding the PEM bundle. */
  key: dataKey,
});

/** Kubernetes resource quantity, e.g. `500m`, `2`, `4Gi`. */
export const quantity = z
  .union([z.string(), z.number()])
  .transform((v) => String(v))
  .refine((v) => /^[0-9]+(\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti)?$/.test(v), { message: 'must be a Kubernetes quantity such as 500m, 2, 512Mi or 4Gi' });

/** CPU and memory requests and limits of one container. */
export const containerResources = z
  .strictObject({
    requests: z.strictObject({ cpu: quantity, memory: quantity }),
    limits: z.strictObject({ cpu: quantity, memory: quantity }),
  })
  .superRefine((r, ctx) => {
    // the API server refuses a container whose request is above its limit
    for (const kind of ['cpu', 'memory'] as const) {
      if (quantityValue(r.requests[kind]) > quantityValue(r.limits[kind])) {
        ctx.addIssue({ code: 'custom', path: ['requests', kind], message: `request ${r.requests[kind]} is above the limit ${r.limits[kind]}; Kubernetes requires requests ≤ limits` });
      }
    }
  });

const SUFFIXES: Readonly<Record<string, number>> = { m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

/** A quantity's value in base units (cores, bytes); NaN when it is no quantity (reported by `quantity` itself). */
function quantityValue(q: string): number {
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(String(q));
  return m && m[2] in SUFFIXES ? Number(m[1]) * SUFFIXES[m[2]] : NaN;
}

export const oauthProxySchema = z.strictObject({
  /**
   * The OpenShift oauth-proxy image (`registry.redhat.io/openshift4/ose-oauth-proxy-rhel9`), pinned by digest: its
   * tags name OpenShift minor versions (`v4.17`), which move with every z-stream.
   */
  image: pinnedImage,
  /** CPU and memory of each oauth-proxy sidecar (and of its cookie-secret init container). */
  resources: containerResources,
});

/** Whether users sign in with their OpenShift account (an oauth-proxy in front of the app), or not at all. */
const signIn = z.enum(['openshift', 'none']);

export const workbenchSchema = z.strictObject({
  /**
   * `openshift`: users sign in with their OpenShift account (an oauth-proxy in front of the app); `none`: no
   * sign-in at all, anyone who reaches the Route can generate load against the models (explicit opt-out).
   */
  signIn,
  /** The workbench image (GuideLLM's Streamlit app), pinned by tag or digest. */
  image: pinnedImage,
});

export const reportsSchema = z.strictObject({
  /**
   * `openshift`: users sign in with their OpenShift account (an oauth-proxy in front of nginx); `none`: no sign-in
   * at all, anyone who reaches the Route reads every result: models, endpoints, prices, figures (explicit opt-out).
   */
  signIn,
  /** The report server's image: an unprivileged nginx that runs under an arbitrary UID, pinned. */
  image: pinnedImage,
});
