import { Collection, Db, Document, Double, Filter, Long, MongoClient, ObjectId } from 'mongodb';
import { testEnv, uniqueName } from '@signstash/testing';
import { ferretdbBackend } from './ferretdb.engine';

const describeOnPostgres = ferretdbBackend() === 'postgresql' ? describe : describe.skip;

const oid = new ObjectId('65a000000000000000000001');
const date = new Date('2026-01-01T00:00:00Z');

/**
 * One field `v` holding every plain type, so the exact query (sort, skip, limit and count in PostgreSQL)
 * must follow MongoDB's order across types and its type brackets in ranges.
 */
interface Row {
  _id: string;
  g: string;
  v?: unknown;
}

const plain: Omit<Row, 'g'>[] = [
  { _id: 'm01' },
  { _id: 'm02', v: null },
  { _id: 'm03', v: 2 },
  { _id: 'm04', v: Long.fromNumber(3) },
  { _id: 'm05', v: 2.5 },
  { _id: 'm06', v: new Double(-1) },
  { _id: 'm07', v: 'b' },
  { _id: 'm08', v: 'B' },
  { _id: 'm09', v: 'a' },
  { _id: 'm10', v: oid },
  { _id: 'm11', v: oid.toHexString() },
  { _id: 'm12', v: false },
  { _id: 'm13', v: true },
  { _id: 'm14', v: date },
  { _id: 'm15', v: new Double(2) },
  { _id: 'm16', v: Long.fromNumber(-5) },
  { _id: 'm17', v: 'é' },
  { _id: 'm18', v: '' },
];

/** MongoDB's ascending order of `plain` by { v: 1, _id: 1 }: null and missing, numbers, strings by bytes, ObjectId, booleans, dates. */
const ascending = [
  ...['m01', 'm02'],
  ...['m16', 'm06', 'm03', 'm15', 'm05', 'm04'],
  ...['m18', 'm11', 'm08', 'm09', 'm07', 'm17'],
  ...['m10', 'm12', 'm13', 'm14'],
];

/** FerretDB 1.24 with the exact query patch (scripts/engines/ferretdb-exact-query.ts), on PostgreSQL. */
describeOnPostgres('FerretDB exact query (sort, skip, limit and count in PostgreSQL)', () => {
  let client: MongoClient;
  let db: Db;
  let docs: Collection<Row>;

  const ids = async (filter: Document, sort: Document = { _id: 1 }, skip = 0, limit = 0) =>
    (
      await docs
        .find(filter as Filter<Row>)
        .sort(sort)
        .skip(skip)
        .limit(limit)
        .toArray()
    ).map((doc) => doc._id as string);

  beforeAll(async () => {
    client = await MongoClient.connect(testEnv().mongoUrl, { directConnection: true });
    db = client.db(uniqueName('ferretdb_exact'));
    docs = db.collection<Row>('docs');
    await docs.createIndex({ g: 1, v: 1 });
    await docs.insertMany([
      ...plain.map((doc) => ({ ...doc, g: 'plain' })),
      // Not plain: an array sorts by its least element ascending and its greatest descending, an object after strings.
      { _id: 'a1', g: 'array', v: [1, 9] },
      { _id: 'a2', g: 'array', v: 5 },
      { _id: 'a3', g: 'array', v: 'x' },
      { _id: 'a4', g: 'array', v: { k: 1 } },
      // Beyond ±2^53 a double's decimal form no longer compares with longs as the double does.
      { _id: 'b1', g: 'big', v: Long.fromString('9007199254740993') },
      { _id: 'b2', g: 'big', v: new Double(2 ** 53) },
      { _id: 'b3', g: 'big', v: Long.fromString('9007199254740992') },
      { _id: 'b4', g: 'big', v: new Double(2 ** 60) },
    ]);
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  it("sorts every plain type in MongoDB's order, both ways, and pages through it", async () => {
    expect(await ids({ g: 'plain' }, { v: 1, _id: 1 })).toEqual(ascending);
    expect(await ids({ g: 'plain' }, { v: -1, _id: -1 })).toEqual([...ascending].reverse());
    expect(await ids({ g: 'plain' }, { v: 1, _id: 1 }, 3, 4)).toEqual(ascending.slice(3, 7));
    expect(await ids({ g: 'plain' }, { v: -1, _id: -1 }, 16, 5)).toEqual([...ascending].reverse().slice(16));
    expect(await ids({ g: 'plain' }, { v: 1, _id: 1 }, 40, 5)).toEqual([]);
  });

  it.each<[string, Document, string[]]>([
    ['equal numbers across int, long and double', { v: 2 }, ['m03', 'm15']],
    ['a string, not the ObjectId of the same hex', { v: oid.toHexString() }, ['m11']],
    ['the ObjectId, not the string', { v: oid }, ['m10']],
    ['a boolean', { v: true }, ['m13']],
    ['$in of a number and a string', { v: { $in: [3, 'a'] } }, ['m04', 'm09']],
    ['$in of nothing', { v: { $in: [] } }, []],
    ['a string range: strings only, by bytes', { v: { $gte: 'a' } }, ['m07', 'm09', 'm17']],
    ['a number range: numbers only', { v: { $lt: 2.5 } }, ['m03', 'm06', 'm15', 'm16']],
    ['a date range: dates only', { v: { $gt: new Date('2025-01-01') } }, ['m14']],
    ['both ends of a range', { v: { $gt: -1, $lte: 3 } }, ['m03', 'm04', 'm05', 'm15']],
    ['a literal $regex: strings containing it, case-sensitive', { v: { $regex: 'b' } }, ['m07']],
    ['a $regex that is no literal (served by FerretDB itself)', { v: { $regex: 'B|b' } }, ['m07', 'm08']],
    ['null: null and missing (served by FerretDB itself)', { v: null }, ['m01', 'm02']],
    ['a field no document has', { w: 'x' }, []],
    ['a range from a string PostgreSQL cannot hold (served by FerretDB itself)', { v: { $gt: 'b\u0000' } }, ['m17']],
    ['a $regex PostgreSQL cannot hold (served by FerretDB itself)', { v: { $regex: 'b\u0000' } }, []],
  ])('filters %s, and counts the same', async (_name, filter, expected) => {
    expect(await ids({ g: 'plain', ...filter }, { _id: 1 })).toEqual(expected);
    expect(await ids({ g: 'plain', ...filter }, { v: 1, _id: 1 }, 0, 20)).toEqual(
      ascending.filter((id) => expected.includes(id)),
    );
    expect(await docs.countDocuments({ g: 'plain', ...filter } as Filter<Row>)).toBe(expected.length);
  });

  it("gives MongoDB's answers where a document holds an array or an object (FerretDB's own path)", async () => {
    expect(await ids({ g: 'array' }, { v: 1, _id: 1 }, 0, 10)).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(await ids({ g: 'array' }, { v: -1, _id: 1 }, 0, 10)).toEqual(['a4', 'a3', 'a1', 'a2']);
    expect(await ids({ g: 'array', v: 9 }, { _id: 1 }, 0, 10)).toEqual(['a1']);
    expect(await docs.countDocuments({ g: 'array', v: { $gt: 4 } })).toBe(2);
  });

  it("gives MongoDB's order for longs and doubles beyond 2^53", async () => {
    expect(await ids({ g: 'big' }, { v: 1, _id: 1 }, 0, 10)).toEqual(['b2', 'b3', 'b1', 'b4']);
  });

  it('still finds one document by _id among the others', async () => {
    expect(await docs.findOne({ _id: 'm10' })).toMatchObject({ v: oid });
    expect(await docs.countDocuments({ _id: { $in: ['m01', 'a1', 'nope'] } })).toBe(2);
  });
});
