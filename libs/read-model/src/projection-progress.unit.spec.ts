import { ProjectionProgress } from './projection-progress';

const outcome = (position: bigint) => ({ position, lastEventAt: new Date(0), applied: 1, parked: 0 });

describe('ProjectionProgress', () => {
  it('wakes a reader waiting for a position once a batch reaches it', async () => {
    const progress = new ProjectionProgress();
    const waiting = progress.waitFor(5n, 1000);
    progress.record(outcome(3n));
    progress.record(outcome(5n));
    await expect(waiting).resolves.toBe(true);
    expect(progress).toMatchObject({ position: 5n, applied: 2 });
  });

  it('gives up after the timeout', async () => {
    await expect(new ProjectionProgress().waitFor(1n, 10)).resolves.toBe(false);
  });

  it('resumes from a stored checkpoint', () => {
    const progress = new ProjectionProgress();
    progress.resumeFrom({ _id: 'p@v1', position: 42n, lastEventAt: new Date(1), updatedAt: new Date(2) });
    expect(progress.position).toBe(42n);
  });
});
