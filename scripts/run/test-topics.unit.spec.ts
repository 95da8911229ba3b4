import { createdByRun } from './test-topics';

describe('the topics a test run deletes after it', () => {
  it('are those created during the run, never those there before it', () => {
    const before = new Set(['sys_old.signstash.certificates.v1', 'test.kept']);
    expect(
      createdByRun(before, ['sys_old.signstash.certificates.v1', 'test.kept', 'sys_new.signstash.certificates.v1']),
    ).toEqual(['sys_new.signstash.certificates.v1']);
  });

  it("never the development stack's, with any event store, even when created during the run", () => {
    const now = [
      'signstash.operators.v1',
      'postgres.signstash.certificates.v1',
      'kurrentdb.signstash.signatures.v1',
      'x_it.signstash.certificates.v1',
    ];
    expect(createdByRun(new Set(), now)).toEqual(['x_it.signstash.certificates.v1']);
  });
});
