import { applySourcePatch, SourcePatch } from './go-build';

const patch: SourcePatch = { file: 'a.go', find: 'Len() == 1', replace: 'Len() >= 1', times: 2, why: 'test' };

describe('applySourcePatch', () => {
  it('replaces every expected occurrence', () => {
    expect(applySourcePatch('if Len() == 1 {}\nif Len() == 1 {}', patch)).toBe('if Len() >= 1 {}\nif Len() >= 1 {}');
  });

  it('refuses when upstream code no longer matches, naming the file and the count', () => {
    expect(() => applySourcePatch('if Len() == 1 {}', patch)).toThrow(/a\.go expects 2 occurrence\(s\).*found 1/);
    expect(() => applySourcePatch('nothing here', patch)).toThrow(/found 0/);
  });
});
