import { connect } from 'node:net';

/** True when something accepts TCP connections on 127.0.0.1:`port`. */
export const isPortOpen = (port: number, timeoutMs = 1000): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const finish = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });

/** Polls `probe` until it answers true; false when `timeoutMs` runs out or `abort` says so. */
export async function pollUntil(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  abort: () => boolean = () => false,
  everyMs = 250,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return true;
    if (abort() || Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
