import { MongoClient } from 'mongodb';
import { testEnv, uniqueName } from '@signstash/testing';
import { connectMongo } from './mongo.module';

describe('MongoDB wire protocol round trip (FerretDB)', () => {
  let client: MongoClient;

  afterAll(async () => {
    await client?.close();
  });

  it('inserts documents with string ids and finds them by id and by field', async () => {
    const connection = await connectMongo({ url: testEnv().mongoUrl, database: uniqueName('smoke') });
    client = connection.client;
    const certificates = connection.db.collection<{ _id: string; alias: string; revision: number }>('certificates');

    await certificates.insertMany([
      { _id: 'cert-1', alias: 'payroll', revision: 0 },
      { _id: 'cert-2', alias: 'invoices', revision: 3 },
    ]);

    expect(await certificates.findOne({ _id: 'cert-2' })).toEqual({ _id: 'cert-2', alias: 'invoices', revision: 3 });
    expect(await certificates.find({ alias: 'payroll' }).toArray()).toEqual([
      { _id: 'cert-1', alias: 'payroll', revision: 0 },
    ]);
    await connection.db.dropDatabase();
  });
});
