import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';

export class RegisterClientServiceDto {
  @ApiProperty({ example: 'Invoicing API' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  name: string;

  @ApiProperty({ description: 'The certificate it signs with' })
  @IsUUID()
  certificateId: string;
}
