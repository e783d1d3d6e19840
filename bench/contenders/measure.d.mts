export interface ContenderInput { port: number; hosts: number; pages: number; delayMs: number; hostName: (i: number) => string }
export interface Prepared { crawl: () => Promise<Record<string, unknown> | void>; cleanup?: () => unknown }
export function runContender(prepare: (input: ContenderInput) => Promise<Prepared>): Promise<void>;
