import { DEMO } from './dev-seed';

/** How a person logs in to the backoffice: printed by `npm start` once everything is ready. */
export const loginHint = (): string[] => [
  `Log in as ${DEMO.email} / ${DEMO.password} (demo issuer "${DEMO.issuerName}")`,
  'Create more operators: npm run operators -- create --issuer <id> --name <name> --email <e-mail> --password <password>',
];
