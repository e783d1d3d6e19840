// The `ogi` command line: one sub-command per job, each in src/cli/commands/.
import '../util/threadpool.js';
import { Command } from 'commander';
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
import { registerServe } from './commands/serve.js';
import { registerShow } from './commands/show.js';
import { ConfigError } from '../config/load.js';

const program = new Command();
program.name('ogi').description('crawler and archive of government information disclosure annual reports').showHelpAfterError();
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
registerServe(program);
registerShow(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof ConfigError) for (const p of e.problems) console.error(`${e.file}: ${p}`);
  else console.error(`ogi: ${(e as Error).message}`);
  if (process.env.OGI_DEBUG) console.error((e as Error).stack);
  process.exitCode = EXIT.CANNOT_RUN;
});
