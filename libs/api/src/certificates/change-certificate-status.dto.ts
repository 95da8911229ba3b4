import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ChangeCertificateStatusDto {
  @ApiProperty({ enum: ['active', 'inactive'] })
  @IsIn(['active', 'inactive'])
  status: 'active' | 'inactive';

  @ApiProperty({ example: 'Key rotated' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}
