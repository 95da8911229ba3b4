import { newClusterId } from './kafka.engine';

describe('newClusterId', () => {
  it('draws again when the id would start with "-", which the storage tool would read as an option', () => {
    const draws = [Buffer.from([0xfb, ...Array(15).fill(1)]), Buffer.from(Array(16).fill(7))];
    expect(draws[0].toString('base64url').startsWith('-')).toBe(true);
    const id = newClusterId(() => draws.shift()!);
    expect(id).toBe(Buffer.from(Array(16).fill(7)).toString('base64url'));
    expect(draws).toHaveLength(0);
  });

  it('gives 22 base64url characters, as Kafka cluster ids are', () => {
    for (let i = 0; i < 200; i++) expect(newClusterId()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});
