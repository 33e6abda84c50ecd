/**
 * A throw-away self-signed certificate for 127.0.0.1. The server must speak HTTPS: kubectl (client-go's
 * clientcmd) sends a kubeconfig's token or client certificate only to `https://` servers, so against
 * `http://` every request arrives anonymous. Made with the `openssl` CLI; the kubeconfig trusts it as its CA.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';

/** PEM key and certificate. */
export interface KeyAndCertificate {
  key: string;
  cert: string;
}

/** Makes an EC P-256 key and a certificate for IP 127.0.0.1, valid for two days. */
export async function selfSignedCertificate(): Promise<KeyAndCertificate> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-api-tls-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  try {
    await promisify(execFile)('openssl', [
      'req', '-x509', '-nodes', '-days', '2',
      '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', keyFile, '-out', certFile,
    ]);
    return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
