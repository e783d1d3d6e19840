// Starts the portal replay for manual use (`npx tsx src/replay/main.ts [port]`) and prints
// its port and the hosts it serves; Ctrl-C stops it.
import { startReplay } from './server.js';

const port = Number(process.argv[2] ?? process.env.REPLAY_PORT ?? 0) || 0;
const replay = await startReplay({ port });
console.log(`replay listening on ${replay.url}`);
for (const s of replay.sites) {
  console.log(`  ${s.id.padEnd(10)} ${s.hosts.join(', ')}  (${s.dialect}, ${s.encoding}${s.render === 'browser' ? ', browser' : ''})`);
}
console.log(`try: curl -H 'Host: ${replay.hosts[0]}' ${replay.url}/robots.txt`);
const stop = () => {
  void replay.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
