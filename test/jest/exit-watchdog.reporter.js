// A Jest reporter that ends a Jest which does not exit after its run: something a test started
// (a socket, a server, a timer) is still open. It names what stayed open and exits non-zero,
// so `npm test` fails with that message instead of hanging. The results were written already.
const GRACE_MS = Number(process.env.SIGNSTASH_JEST_EXIT_GRACE_MS || 15_000);

const describeOpen = () => {
  const counts = new Map();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => `${count} × ${kind}`).join(', ') || 'nothing Node reports';
};

class ExitWatchdogReporter {
  onRunComplete() {
    const timer = setTimeout(() => {
      process.stderr.write(
        `\nJest had not exited ${GRACE_MS / 1000} s after its run: still open in the test process: ${describeOpen()}. ` +
          'A test or harness did not stop what it started (run the file alone with --detectOpenHandles to see where). Ending it.\n',
      );
      process.exit(3);
    }, GRACE_MS);
    timer.unref();
  }
}

module.exports = ExitWatchdogReporter;
