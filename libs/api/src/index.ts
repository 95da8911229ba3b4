// The request bodies and query strings of the services' HTTP APIs, validated (class-validator) by the
// owning service and described (OpenAPI) both there and by the gateway that forwards them.
export { RegisterCertificateDto, CaAccessDto } from './certificates/register-certificate.dto';
export { ChangeDetailsDto } from './certificates/change-details.dto';
export { ChangeCertificateStatusDto } from './certificates/change-certificate-status.dto';
export { RenewAccessDto } from './certificates/renew-access.dto';
export {
  StartCaAuthorizationDto,
  CaReturnDto,
  RegisterFromCaDto,
  ServiceStartCaAuthorizationDto,
  ServiceCaReturnDto,
  ServiceRegisterFromCaDto,
} from './certificates/ca-authorization.dto';
export { ListCertificatesDto } from './certificates/list-certificates.dto';
export { ListCertificatesCsvDto } from './certificates/list-certificates-csv.dto';
export { RegisterClientServiceDto } from './client-services/register-client-service.dto';
export { ChangeClientServiceStatusDto } from './client-services/change-client-service-status.dto';
export { ListClientServicesDto } from './client-services/list-client-services.dto';
export { CLIENT_SERVICE_STATUSES, ClientServiceStatus } from './client-services/client-service-status';
export {
  ChangeWarningThresholdsDto,
  MAX_WARNING_DAYS,
  MAX_WARNING_THRESHOLDS,
} from './settings/change-warning-thresholds.dto';
export { ChangeMailChoicesDto } from './settings/change-mail-choices.dto';
export { describeValidation, DescribedAs, propertySchema, queryDtoExtension } from './openapi/described-validation';
export { API_DTOS } from './openapi/api-dtos';
export {
  CERTIFICATE_REVISION_HEADER,
  certificateRevisionHeader,
  parseCertificateRevision,
} from './consistency/certificate-revision.header';
export { PageQueryDto, MAX_PAGE, MAX_PAGE_SIZE } from './paging/page-query.dto';
// The services' answers: each owning service returns them, the gateway's answer classes implement them.
export { Page } from './paging/page';
export {
  CERTIFICATE_STATUSES,
  CertificateStatus,
  ACCESS_STATES,
  AccessState,
  Revisioned,
  CertificateSummary,
  CertificatePage,
  CertificateFacts,
  AccessSignatures,
  CertificateAccess,
  CertificateDetails,
  FieldChange,
  CertificateHistoryEntry,
  CertificateHistory,
} from './certificates/certificate.answers';
export {
  ClientServiceOutcome,
  ClientService,
  ClientServicePage,
  ClientServiceList,
  Reactivation,
  CLIENT_SERVICE_EVENT_TYPES,
  ClientServiceHistoryEntry,
  ClientServiceHistory,
} from './client-services/client-service.answers';
export {
  CERTIFICATE_MAIL_KINDS,
  NotificationKind,
  NOTIFICATION_STATUSES,
  Notification,
  NotificationList,
  TestMailRecorded,
} from './notifications/notification.answers';
export {
  ATTENTION_BUCKETS,
  AttentionBucketKey,
  CertificateAttentionRow,
  CertificateAttentionBucket,
  CertificateAttention,
} from './certificates/attention.answers';
export {
  AccessRules,
  CertificateAuthorityList,
  CaAuthorizationStarted,
  OfferedCredential,
  CA_AUTHORIZATION_PURPOSES,
  CaReturn,
} from './certificates/ca-access.answers';
export { IssuerWarningThresholds } from './settings/warning-thresholds.answers';
export { SuspendedCounts } from './client-services/client-service.answers';
export { CertificateServiceRoutes } from './certificates/certificate-service.routes';
export { ClientServiceServiceRoutes } from './client-services/client-service-service.routes';
export { NotificationServiceRoutes } from './notifications/notification-service.routes';
