import type { ProjectionRunner } from './projection-runner';
import { readYourWrites } from './read-your-writes';

/** A runner reading `categories`, recording the positions it is asked to wait for. */
const runner = (categories: string[] | undefined, waitedFor: bigint[]) =>
  ({
    projection: { filter: categories ? { streamCategories: categories } : {} },
    waitForPosition: async (position: bigint) => {
      waitedFor.push(position);
      return true;
    },
  }) as unknown as ProjectionRunner;

describe('read-your-writes', () => {
  it("waits for the projections that read the command's stream category, and no other", async () => {
    const certificates: bigint[] = [];
    const everything: bigint[] = [];
    const thresholds: bigint[] = [];
    await readYourWrites(
      [runner(['certificate'], certificates), runner(undefined, everything), runner(['warningthresholds'], thresholds)],
      42n,
      'certificate',
    );
    expect([certificates, everything, thresholds]).toEqual([[42n], [42n], []]);
  });

  it('waits for nothing when the command wrote nothing', async () => {
    const waited: bigint[] = [];
    await readYourWrites([runner(['certificate'], waited)], undefined, 'certificate');
    expect(waited).toEqual([]);
  });
});
