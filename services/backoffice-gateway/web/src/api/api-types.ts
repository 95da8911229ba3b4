import type { components, paths } from './gateway-api.generated';

// The gateway's public JSON contract, as the web UI consumes it: the names the web code uses, as
// aliases of the types generated from the gateway's OpenAPI document (npm run api:types).

type Schemas = components['schemas'];

export type Role = Schemas['OperatorRole'];
export type Operator = Schemas['Operator'];
export type Session = Schemas['OperatorSession'];

export type Page<T> = Omit<Schemas['CertificatePage'], 'items'> & { items: T[] };

export type CertificateStatus = Schemas['CertificateStatus'];
export type AccessState = Schemas['AccessState'];
export type CertificateQuery = NonNullable<paths['/api/certificates']['get']['parameters']['query']>;
export type CertificateSortField = NonNullable<CertificateQuery['sort']>;
export type SortOrder = NonNullable<CertificateQuery['order']>;
export type CertificatePage = Schemas['CertificatePage'];
export type CertificateSummary = Schemas['CertificateSummary'];
export type CertificateDetails = Schemas['CertificateDetails'];
export type RegisterCertificateInput = Schemas['RegisterCertificateDto'];
export type ChangeDetailsInput = Schemas['ChangeDetailsDto'];
export type ChangeStatusInput = Schemas['ChangeCertificateStatusDto'];
export type RenewAccessInput = Schemas['RenewAccessDto'];
export type CertificateAuthority = Schemas['CertificateAuthorityAnswer'];
export type CertificateAuthorityList = Schemas['CertificateAuthorityList'];
export type StartCaAuthorizationInput = Schemas['StartCaAuthorizationDto'];
export type CaAuthorizationStarted = Schemas['CaAuthorizationStarted'];
export type CaReturnInput = Schemas['CaReturnDto'];
export type CaReturn = Schemas['CaReturnAnswer'];
export type OfferedCredential = Schemas['OfferedCredentialAnswer'];
export type RegisterFromCaInput = Schemas['RegisterFromCaDto'];
export type HistoryEntry = Schemas['HistoryEntry'];
export type CertificateHistory = Schemas['CertificateHistory'];
export type Reactivation = Schemas['Reactivation'];

export type ClientServiceStatus = Schemas['ClientServiceStatus'];
export type ClientService = Schemas['ClientService'];
/** A client service as a certificate's details list it. */
export type CertificateClientService = Schemas['ClientService'];
export type ClientServicePage = Schemas['ClientServicePage'];
export type ClientServiceList = Schemas['ClientServiceList'];
export type ClientServiceQuery = NonNullable<paths['/api/client-services']['get']['parameters']['query']>;
export type ClientServiceOutcome = Schemas['ClientServiceOutcome'];
export type ClientServiceHistory = Schemas['ClientServiceHistory'];
export type ClientServiceHistoryEntry = Schemas['ClientServiceHistoryEntry'];
export type RegisterClientServiceInput = Schemas['RegisterClientServiceDto'];
export type ChangeClientServiceStatusInput = Schemas['ChangeClientServiceStatusDto'];

export type Notification = Schemas['Notification'];
export type NotificationList = Schemas['NotificationList'];

export type Revisioned = Schemas['Revisioned'];
export type FieldError = Schemas['FieldError'];
export type FieldErrors = Schemas['FieldErrors'];

export type AttentionBucketKey = Schemas['AttentionBucketKey'];
export type AttentionRow = Schemas['AttentionRow'];
export type Attention = Schemas['Attention'];
/** The data of a `change` event of the gateway's stream (`GET /api/events`). */
export type LiveChange = Schemas['LiveChange'];

export type Settings = Schemas['Settings'];
export type ThresholdChange = Schemas['ThresholdChange'];
export type MailChoiceChange = Schemas['MailChoiceChange'];
export type TestMail = Schemas['TestMail'];
export type ChangeWarningThresholdsInput = Schemas['ChangeWarningThresholdsDto'];
export type ChangeMailChoicesInput = Schemas['ChangeMailChoicesDto'];
