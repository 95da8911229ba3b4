import { validationPipe } from '@signstash/platform';
import { ChangeClientServiceStatusDto } from './change-client-service-status.dto';

const fieldsOf = (value: unknown) =>
  validationPipe()
    .transform(value, { type: 'body', metatype: ChangeClientServiceStatusDto })
    .then(
      () => [],
      (error: { getResponse(): { fields: Array<{ field: string }> } }) =>
        error.getResponse().fields.map((f) => f.field),
    );

describe('a client service status change', () => {
  it('takes a reason to suspend, none otherwise, and never a null one', async () => {
    expect(await fieldsOf({ status: 'SUSPENDED', reason: 'Key leaked' })).toEqual([]);
    expect(await fieldsOf({ status: 'ACTIVE' })).toEqual([]);
    expect(await fieldsOf({ status: 'SUSPENDED' })).toContain('reason');
    expect(await fieldsOf({ status: 'ACTIVE', reason: null })).toContain('reason');
    expect(await fieldsOf({ status: 'INACTIVE', reason: '  ' })).toEqual(['reason']);
    expect(await fieldsOf({ status: 'SUSPENDED', reason: 'key\u0000leaked' })).toEqual(['reason']);
  });
});
