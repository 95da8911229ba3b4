import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applySourcePatch, binDir, binPath, GoBinary, isBuilt, markBuilt, SourcePatch } from './go-build';
import { engineSettings } from './settings';

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

describe('isBuilt', () => {
  const binary: GoBinary = { name: 'tool', module: 'example.com/tool', version: 'v1.0.0', pkg: '.' };
  let cacheDir: string;
  beforeEach(() => (cacheDir = mkdtempSync(join(tmpdir(), 'go-build-'))));
  afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));
  const settings = () => engineSettings({ SIGNSTASH_CACHE_DIR: cacheDir });
  const built = () => {
    mkdirSync(binDir(settings(), binary), { recursive: true });
    writeFileSync(binPath(settings(), binary), 'a compiled program');
    markBuilt(settings(), binary);
  };

  it('holds for the binary the stamp was written for', () => {
    built();
    expect(isBuilt(settings(), binary)).toBe(true);
  });

  it('fails when the binary is gone, emptied or another size, as from a cache restored without its large files', () => {
    built();
    truncateSync(binPath(settings(), binary), 0);
    expect(isBuilt(settings(), binary)).toBe(false);
    writeFileSync(binPath(settings(), binary), 'another program');
    expect(isBuilt(settings(), binary)).toBe(false);
    rmSync(binPath(settings(), binary));
    expect(isBuilt(settings(), binary)).toBe(false);
  });

  it('fails for another recipe (other patches)', () => {
    built();
    expect(isBuilt(settings(), { ...binary, variant: 'patched' })).toBe(false);
  });
});
