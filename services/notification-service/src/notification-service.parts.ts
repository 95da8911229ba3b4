import type { ServiceParts } from '@signstash/messaging';

/** The notification service's consumers (the mail sender besides): its module and the ops CLI read them. */
export const NOTIFICATION_SERVICE_PARTS = {
  projections: [],
  relays: [],
  consumers: {
    /** Operators and client services, for the recipients and the client services named in a mail. */
    directory: { groupSuffix: '.directory', topics: ['operators', 'clientServices'] },
    /** Certificates: their aliases for the directory, and the expiries to mail about. */
    certificates: { groupSuffix: '.certificates', topics: ['certificates'] },
  },
} satisfies ServiceParts;
