import { madeInRun, newTestRun } from '../../libs/testing/src/test-env';
import { createdByRun } from './test-topics';

describe('the topics a test run deletes after it', () => {
  it("are those named with the run's tag, wherever the tag sits before a dot", () => {
    const topics = [
      'relay_mk1abc_x1y2z3_rab12c',
      'sys_mk1abc_x1y2z3_rab12c.signstash.certificates.v1',
      'sys_mk1abc_x1y2z3_rab12c.signstash.certificates.v1.dlq',
    ];
    expect(createdByRun('ab12c', topics)).toEqual(topics);
  });

  it("never another run's, a bench's, or the development stack's", () => {
    const now = [
      'relay_mk1abc_x1y2z3_rzz99z',
      'bench_certificate_commands_mk1abc_x1y2z3.signstash.certificates.v1',
      'signstash.operators.v1',
      'postgres.signstash.certificates.v1',
      'relay_mk1abc_x1y2z3_rab12cd',
    ];
    expect(createdByRun('ab12c', now)).toEqual([]);
  });

  it('tags a run with 5 letters or digits, found in the names made under it', () => {
    const run = newTestRun();
    expect(run).toMatch(/^[a-z0-9]{5}$/);
    expect(madeInRun(`x_mk1abc_x1y2z3_r${run}.topic`, run)).toBe(true);
  });
});
