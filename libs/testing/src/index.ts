export { testEnv, TestEnv, uniqueName, waitFor } from './test-env';
