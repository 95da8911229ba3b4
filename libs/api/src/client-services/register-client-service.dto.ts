import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, MaxLength } from 'class-validator';
import { IsTextLine } from '../validation/not-blank';

export class RegisterClientServiceDto {
  @ApiProperty({ example: 'Invoicing API' })
  @IsString()
  @MaxLength(100)
  @IsTextLine()
  name: string;

  @ApiProperty({ description: 'The certificate it signs with' })
  @IsUUID()
  certificateId: string;
}
