// Moved to libs/api; re-exported until client-service-commands.service.ts imports it from there.
export { ChangeClientServiceStatusDto } from '@signstash/api';
