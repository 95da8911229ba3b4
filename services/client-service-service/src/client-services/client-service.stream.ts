/** Where client-service events live: one `clientservice-<id>` stream per client service. */
export const CLIENT_SERVICE_CATEGORY = 'clientservice';

export const clientServiceStreamId = (clientServiceId: string) => `${CLIENT_SERVICE_CATEGORY}-${clientServiceId}`;

/** What the projections and the relay read: every client-service stream. */
export const CLIENT_SERVICE_EVENTS = { streamCategories: [CLIENT_SERVICE_CATEGORY] };
