import type { ConfiguredCa } from './certificate-authority.port';
import { caFailure } from './certificate-authority.port';
import { refusals } from './ca-access-refusals';

/** One call to a CA, its failures turned into what the operator reads (503 to retry, or the CA's refusal). */
export async function callCa<T>(ca: ConfiguredCa, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const failure = caFailure(error);
    if (failure?.kind === 'unavailable') throw refusals.unavailable(ca.name);
    if (failure?.kind === 'refused') throw refusals.refused(ca.name, failure.reason);
    throw error;
  }
}
