/** Writes a kubeconfig file pointing at a stand-in server, with a bearer token and a default namespace. */
import * as fs from 'fs';
import { stringify } from 'yaml';

export interface KubeconfigOptions {
  server: string;
  /** PEM certificate the client trusts as the server's CA. */
  certificateAuthority: string;
  token: string;
  namespace: string;
}

/** Writes the kubeconfig to `file` (mode 0600, as kubectl writes them) and returns `file`. */
export function writeKubeconfig(file: string, { server, certificateAuthority, token, namespace }: KubeconfigOptions): string {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'stand-in', cluster: { server, 'certificate-authority-data': Buffer.from(certificateAuthority).toString('base64') } }],
    users: [{ name: 'stand-in-admin', user: { token } }],
    contexts: [{ name: 'stand-in', context: { cluster: 'stand-in', user: 'stand-in-admin', namespace } }],
    'current-context': 'stand-in',
    preferences: {},
  };
  fs.writeFileSync(file, stringify(config), { mode: 0o600 });
  return file;
}
