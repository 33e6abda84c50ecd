/**
 * The real servers and tools the tests run (Debian packages; `.ci/run` installs them with apt). A missing one
 * fails the test that needs it with how to install it: it is never skipped, so a green run means it ran.
 */
import * as fs from 'fs';

export const PROMETHEUS = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
export const PROMTOOL = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';
export const PUSHGATEWAY = process.env.PUSHGATEWAY_BIN ?? '/usr/bin/prometheus-pushgateway';

const DEBIAN_PACKAGE: Record<string, string> = { [PROMETHEUS]: 'prometheus', [PROMTOOL]: 'prometheus', [PUSHGATEWAY]: 'prometheus-pushgateway' };

/** Throws a clear error when `binary` is not installed. */
export function requireBinary(binary: string): void {
  if (fs.existsSync(binary)) return;
  const pkg = DEBIAN_PACKAGE[binary];
  throw new Error(`${binary} not found${pkg ? `: install the Debian package "${pkg}" (apt-get install -y ${pkg}), as .ci/run does` : ''}`);
}
