import { describe, expect, it } from '@jest/globals';
import { describeKeyUsage } from './extended-key-usage';

describe('describeKeyUsage', () => {
  it('names the usages a signing certificate carries, keeping the OID', () => {
    expect(describeKeyUsage('1.3.6.1.5.5.7.3.36')).toBe('Document signing (1.3.6.1.5.5.7.3.36)');
    expect(describeKeyUsage('1.3.6.1.5.5.7.3.4')).toBe('E-mail protection (1.3.6.1.5.5.7.3.4)');
  });

  it('shows an unknown OID as it is', () => {
    expect(describeKeyUsage('1.2.3.4.5')).toBe('1.2.3.4.5');
  });
});
