// The `ogi` command line: one sub-command per job, each in src/cli/commands/.
import '../util/threadpool.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { registerCrawl } from './commands/crawl.js';
import { registerDemo } from './commands/demo.js';
import { registerSites } from './commands/sites.js';
import { registerExtract } from './commands/extract.js';
import { registerReplay } from './commands/replay.js';
import { registerVerify } from './commands/verify.js';
import { registerReextract } from './commands/reextract.js';
import { registerRuns } from './commands/runs.js';
import { registerSchedule } from './commands/schedule.js';
import { EXIT } from './exit.js';
import { registerQuery } from './commands/query.js';
import { registerSearch } from './commands/search.js';
import { registerExport } from './commands/export.js';
import { registerExportWarc } from './commands/warc.js';
import { registerSchema } from './commands/schema.js';
import { registerQueue } from './commands/queue.js';
import { registerServe } from './commands/serve.js';
import { registerShow } from './commands/show.js';
import { ConfigError, projectRoot } from '../config/load.js';

// `ogi … | head`: a reader that closes the pipe early ends the command quietly
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const program = new Command();
const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
program.name('ogi').description('crawler and archive of government information disclosure annual reports').showHelpAfterError()
  .version(version, '-V, --version', 'print the version')
  // usage errors (unknown command or option, missing argument) exit 2, as bad arguments do;
  // help and --version exit 0. Set before the sub-commands are added, which inherit it.
  .exitOverride((e: CommanderError) => { throw e; });
registerDemo(program);
registerCrawl(program);
registerSites(program);
registerExtract(program);
registerReplay(program);
registerVerify(program);
registerReextract(program);
registerRuns(program);
registerSchedule(program);
registerQuery(program);
registerSearch(program);
registerExport(program);
registerExportWarc(program);
registerSchema(program);
registerQueue(program);
registerServe(program);
registerShow(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? EXIT.OK : EXIT.CANNOT_RUN;
    return;
  }
  if (e instanceof ConfigError) for (const p of e.problems) console.error(`${e.file}: ${p}`);
  else console.error(`ogi: ${(e as Error).message}`);
  if (process.env.OGI_DEBUG) console.error((e as Error).stack);
  process.exitCode = EXIT.CANNOT_RUN;
});
