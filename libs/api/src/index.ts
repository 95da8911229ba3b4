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
