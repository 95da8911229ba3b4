/** Where certificate events live: one `certificate-<id>` stream per certificate. */
export const CERTIFICATE_CATEGORY = 'certificate';

export const certificateStreamId = (certificateId: string) => `${CERTIFICATE_CATEGORY}-${certificateId}`;

/** What the projections and the relay read: every certificate stream. */
export const CERTIFICATE_EVENTS = { streamCategories: [CERTIFICATE_CATEGORY] };
