import { OmitType } from '@nestjs/swagger';
import { ListCertificatesDto } from './list-certificates.dto';

/** The certificates table's filters and order for a CSV export: every matching row, so no page. */
export class ListCertificatesCsvDto extends OmitType(ListCertificatesDto, ['page', 'pageSize'] as const) {}
