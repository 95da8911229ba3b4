/**
 * Calls `work` for each item, at most `concurrency` at a time, starting them in the items' order.
 * `proceed` is asked before each start: false takes no more (those under way finish). A rejection
 * takes no more either and is rethrown once those under way have finished.
 */
export async function eachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
  proceed: () => boolean = () => true,
): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items.length && proceed()) {
      try {
        await work(items[next++]);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const lanes = await Promise.allSettled(
    Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane),
  );
  const rejected = lanes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (rejected) throw rejected.reason;
}
