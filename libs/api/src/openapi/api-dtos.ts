import type { Dto } from './described-validation';
import { ChangeCertificateStatusDto } from '../certificates/change-certificate-status.dto';
import { ChangeDetailsDto } from '../certificates/change-details.dto';
import { ListCertificatesDto } from '../certificates/list-certificates.dto';
import { ListCertificatesCsvDto } from '../certificates/list-certificates-csv.dto';
import { CaAccessDto, RegisterCertificateDto } from '../certificates/register-certificate.dto';
import { RenewAccessDto } from '../certificates/renew-access.dto';
import {
  CaReturnDto,
  RegisterFromCaDto,
  ServiceCaReturnDto,
  ServiceRegisterFromCaDto,
  ServiceStartCaAuthorizationDto,
  StartCaAuthorizationDto,
} from '../certificates/ca-authorization.dto';
import { ChangeClientServiceStatusDto } from '../client-services/change-client-service-status.dto';
import { ListClientServicesDto } from '../client-services/list-client-services.dto';
import { RegisterClientServiceDto } from '../client-services/register-client-service.dto';
import { ChangeMailChoicesDto } from '../settings/change-mail-choices.dto';
import { ChangeWarningThresholdsDto } from '../settings/change-warning-thresholds.dto';

/** Every DTO of the services' HTTP APIs, for describeValidation. */
export const API_DTOS: Dto[] = [
  RegisterCertificateDto,
  CaAccessDto,
  ChangeDetailsDto,
  ChangeCertificateStatusDto,
  RenewAccessDto,
  StartCaAuthorizationDto,
  CaReturnDto,
  RegisterFromCaDto,
  ServiceStartCaAuthorizationDto,
  ServiceCaReturnDto,
  ServiceRegisterFromCaDto,
  ListCertificatesDto,
  ListCertificatesCsvDto,
  RegisterClientServiceDto,
  ChangeClientServiceStatusDto,
  ListClientServicesDto,
  ChangeWarningThresholdsDto,
  ChangeMailChoicesDto,
];
