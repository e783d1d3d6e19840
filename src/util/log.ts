// Owns log output: structured JSON lines (cron, CI, --log-json) or short human lines on a
// terminal. Every line has a time, a level and an event name.
export type Level = 'debug' | 'info' | 'warn' | 'error';
export interface Logger {
  log(level: Level, event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  debug(event: string, fields?: Record<string, unknown>): void;
}

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(opts: { json: boolean; level?: Level; stream?: NodeJS.WritableStream } = { json: true }): Logger {
  const min = ORDER[opts.level ?? 'info'];
  const out = opts.stream ?? process.stderr;
  const log = (level: Level, event: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[level] < min) return;
    if (opts.json) {
      out.write(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }) + '\n');
    } else {
      const kv = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
      out.write(`${level === 'info' ? '' : level.toUpperCase() + ' '}${event}${kv ? ' ' + kv : ''}\n`);
    }
  };
  return {
    log,
    info: (e, f) => log('info', e, f),
    warn: (e, f) => log('warn', e, f),
    error: (e, f) => log('error', e, f),
    debug: (e, f) => log('debug', e, f),
  };
}

export const silentLogger: Logger = { log() {}, info() {}, warn() {}, error() {}, debug() {} };
