/** Network helpers for tests that run servers on loopback. */
import * as net from 'net';

/** A port nothing listens on: bound once by the OS on 127.0.0.1, then released. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
