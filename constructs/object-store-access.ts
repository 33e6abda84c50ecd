/**
 * How a pod reaches the results bucket (object-store mode): the access keys as environment variables from a
 * Secret's keys of the same names (Kubernetes sets them; the manifest holds only the Secret's name, and no command
 * line ever carries them), and the endpoint's CA bundle mounted from a ConfigMap key. The results processor's step
 * uses the read-write Secret, the report server's reader the read-only one.
 */
import { k8s } from 'cdk8s-plus-28';

/** Where a pod mounts the bucket's CA bundle. */
export const OBJECT_STORE_CA_DIR = '/etc/llmbench/object-store-ca';
/** The CA bundle's volume name. */
export const OBJECT_STORE_CA_VOLUME = 'object-store-ca';

/** AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from `secret`. */
export function objectStoreCredentialsEnv(secret: string): k8s.EnvVar[] {
  return ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'].map((name) => ({ name, valueFrom: { secretKeyRef: { name: secret, key: name } } }));
}

/** The CA bundle's volume: the one key of the ConfigMap, as a file of the same name. */
export function objectStoreCaVolume(ca: { readonly configMap: string; readonly key: string }): k8s.Volume {
  return { name: OBJECT_STORE_CA_VOLUME, configMap: { name: ca.configMap, items: [{ key: ca.key, path: ca.key }] } };
}

/** The CA bundle's mount. */
export const OBJECT_STORE_CA_MOUNT = { name: OBJECT_STORE_CA_VOLUME, mountPath: OBJECT_STORE_CA_DIR, readOnly: true } as const;
