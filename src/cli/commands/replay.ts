// `ogi replay`: serves the offline portal replay on 127.0.0.1 until interrupted, for
// `ogi crawl --replay 127.0.0.1:PORT` from another terminal.
import type { Command } from 'commander';
import { startReplay } from '../../replay/server.js';

export function registerReplay(program: Command): void {
  program.command('replay')
    .description('serve the offline portal replay on 127.0.0.1 (for `ogi crawl --replay`)')
    .option('--port <n>', 'port (0 = any free port)', '0')
    .action(async (o: { port: string }) => {
      const replay = await startReplay({ port: Number(o.port) });
      console.log(`replay serving ${replay.hosts.length} hosts on ${replay.url}: ${replay.hosts.join(', ')}`);
      console.log(`crawl it with: npm run ogi -- crawl --replay 127.0.0.1:${replay.port}`);
      await new Promise<void>((resolve) => process.once('SIGINT', resolve));
      await replay.close();
    });
}
