// The client service service's aggregate has the same union; a lib cannot import it from there.
export const CLIENT_SERVICE_STATUSES = ['ACTIVE', 'SUSPENDED', 'INACTIVE'] as const;
export type ClientServiceStatus = (typeof CLIENT_SERVICE_STATUSES)[number];
