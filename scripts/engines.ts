import { allEngines, provisionAll, statusLines, stopAll, upAll } from './engines/engine-set';
import { say } from './engines/progress';
import { MissingToolError } from './engines/processes';
import { engineSettings } from './engines/settings';

const USAGE = `usage: npm run engines -- provision|up|down|status

  provision  build/download Kafka, FerretDB, Mailpit and the local test CA (CSC + OAuth servers)
             into the cache, install PostgreSQL (idempotent)
  up         provision, then start the engines in the background (running ones are reused)
  down       stop the engines that were started from this checkout (pid files in the run dir)
  status     show each engine: provisioned, running, ports`;

async function main(command: string | undefined): Promise<void> {
  const settings = engineSettings();
  const engines = allEngines(settings);
  switch (command) {
    case 'provision':
      await provisionAll(settings, engines);
      say('all engines provisioned');
      return;
    case 'up':
      await provisionAll(settings, engines);
      await upAll(settings, engines);
      say(`engines up; stop them with: npm run engines -- down`);
      return;
    case 'down':
      await stopAll(engines);
      say('engines started from this checkout are stopped');
      return;
    case 'status':
      for (const line of await statusLines(engines)) process.stdout.write(`${line}\n`);
      process.stdout.write(`cache: ${settings.cacheDir}\nrun:   ${settings.runDir}\n`);
      return;
    default:
      process.stderr.write(`${USAGE}\n`);
      process.exitCode = 2;
  }
}

main(process.argv[2]).catch((error: Error) => {
  process.stderr.write(`\n${error instanceof MissingToolError ? '' : 'engines: '}${error.message}\n`);
  process.exitCode = 1;
});
