import { nameBasedUuid } from './name-based-uuid';

describe('nameBasedUuid', () => {
  it('matches RFC 4122 version-5 reference values', () => {
    expect(nameBasedUuid('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    expect(nameBasedUuid('http://python.org/')).toBe('4c565f0d-3f5a-5890-b41b-20cf47701c5e');
  });

  it('is stable per name and differs between names', () => {
    expect(nameBasedUuid('certificate-1/AccessExpiring/30')).toBe(nameBasedUuid('certificate-1/AccessExpiring/30'));
    expect(nameBasedUuid('certificate-1/AccessExpiring/30')).not.toBe(nameBasedUuid('certificate-1/AccessExpiring/7'));
  });
});
