import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { connectMongo } from '@signstash/platform';
import type { OperatorRole } from '@signstash/contracts';
import { OperatorDirectory, OperatorDirectoryError } from '../operators/operator-directory.service';

const USAGE = `Manage backoffice operator accounts (MONGO_URL and MONGO_DB select the gateway's database).

  operators create --issuer <id> --issuer-name <name> --name <name> --email <e-mail> --password <password> [--role issuer-operator|viewer]
  operators remove --id <operator id>
  operators list [--issuer <id>]

The running gateway publishes the change to signstash.operators.v1.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      issuer: { type: 'string' },
      'issuer-name': { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string', default: 'issuer-operator' },
      id: { type: 'string' },
    },
  });
  if (!['create', 'remove', 'list'].includes(command ?? '')) {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined || command === 'help' ? 0 : 64;
  }
  const { client, db } = await connectMongo({
    url: process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27027/',
    database: process.env.MONGO_DB ?? 'backoffice_gateway',
  });
  try {
    const directory = new OperatorDirectory(db);
    await directory.onModuleInit();
    if (command === 'create') {
      const missing = ['issuer', 'name', 'email', 'password'].filter((key) => !values[key as keyof typeof values]);
      if (missing.length > 0) throw new OperatorDirectoryError('invalid', `missing --${missing.join(', --')}`);
      if (values.role !== 'issuer-operator' && values.role !== 'viewer')
        throw new OperatorDirectoryError('invalid', '--role must be issuer-operator or viewer');
      const operator = await directory.create({
        issuerId: values.issuer!,
        issuerName: values['issuer-name'] ?? values.issuer!,
        name: values.name!,
        email: values.email!,
        password: values.password!,
        role: values.role as OperatorRole,
      });
      process.stdout.write(
        `created operator ${operator._id} (${operator.email}, ${operator.role}, issuer ${operator.issuerId})\n`,
      );
    } else if (command === 'remove') {
      if (!values.id) throw new OperatorDirectoryError('invalid', 'missing --id');
      await directory.remove(values.id);
      process.stdout.write(`removed operator ${values.id}\n`);
    } else {
      const operators = await directory
        .collection()
        .find({ removedAt: { $exists: false }, ...(values.issuer ? { issuerId: values.issuer } : {}) })
        .sort({ issuerId: 1, emailLower: 1 })
        .toArray();
      for (const o of operators) process.stdout.write(`${o._id}  ${o.issuerId}  ${o.role}  ${o.email}  ${o.name}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof OperatorDirectoryError) {
      process.stderr.write(`operators: ${error.message}\n`);
      return 65;
    }
    throw error;
  } finally {
    await client.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`operators: ${String(error)}\n`);
    process.exit(70);
  },
);
