import { certificateExpiryStory } from './certificate-expiry.contract';

certificateExpiryStory('sqlite');
