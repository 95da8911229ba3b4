// Moved to libs/api; re-exported until client-service.queries.ts imports it from there.
export { ListClientServicesDto } from '@signstash/api';
