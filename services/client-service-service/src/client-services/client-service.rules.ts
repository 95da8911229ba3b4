import { conflict, invalid, notFound as missing } from '@signstash/contracts';

export { conflict, invalid };
export const notFound = () => missing('client service');
