export { testEnv, TestEnv, uniqueName, waitFor } from './test-env';
export { makeCertificatePem, TestCertificateOptions } from './certificates';
export { MailpitClient, MailMessage, MailSummary, MailAddress } from './mailpit-client';
export { TcpProxy } from './tcp-proxy';
export { GatewaySession } from './gateway-session';
export { launchBrowser, saveScreenshot, eventually, SCREENSHOT_DIR } from './browser';
export { collectTopic } from './topic-reader';
export { createTestDatabase, TestDatabase } from './postgres-database';
export { specDatabase } from './spec-database';
