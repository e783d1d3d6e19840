// Runs one of the read-side `ogi` sub-commands in-process and captures what it prints.
import { runInProcess, type InProcessResult } from '../helpers/inProcessCli.js';
import { registerQuery } from '../../src/cli/commands/query.js';
import { registerSearch } from '../../src/cli/commands/search.js';
import { registerExport } from '../../src/cli/commands/export.js';
import { registerExportWarc } from '../../src/cli/commands/warc.js';
import { registerSchema } from '../../src/cli/commands/schema.js';
import { registerShow } from '../../src/cli/commands/show.js';

export function runCli(args: string[]): Promise<InProcessResult> {
  return runInProcess([registerQuery, registerSearch, registerExport, registerExportWarc, registerSchema, registerShow], args);
}
