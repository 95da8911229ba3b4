import { certificateExpiryStory } from './certificate-expiry.story';

certificateExpiryStory('sqlite');
