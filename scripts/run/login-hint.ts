/** How a person logs in to the backoffice: printed by `npm start` once everything is ready. */
export const loginHint = (): string[] => [
  'login arrives with the backoffice issue; the demo operator credentials will be printed here',
];
