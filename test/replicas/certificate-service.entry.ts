// certificate-service's main.ts for a child process run by tsx: the hook first, so that Nest sees the
// constructor parameter types (swc emits them, tsx's esbuild does not).
import '../../scripts/bench/decorator-metadata.hook';
import '../../services/certificate-service/src/main';
