import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { IsTextLine } from '../validation/not-blank';

export class ChangeCertificateStatusDto {
  @ApiProperty({ enum: ['active', 'inactive'] })
  @IsIn(['active', 'inactive'])
  status: 'active' | 'inactive';

  @ApiProperty({ example: 'Key rotated' })
  @IsString()
  @MaxLength(500)
  @IsTextLine()
  reason: string;
}
