import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { projectRoot } from '../../src/config/load.js';
import { startReplay, type Replay } from '../../src/replay/server.js';
import { ogi } from '../helpers/ogi.js';

describe('adding a portal from its homepage, as a new user would (offline replay)', () => {
  let replay: Replay;
  let dir: string;
  beforeAll(async () => {
    replay = await startReplay({ sites: ['yueyang'] });
    dir = mkdtempSync(join(tmpdir(), 'ogi-discover-'));
    cpSync(join(projectRoot, 'config'), dir, { recursive: true });
  });
  afterAll(() => replay.close());

  it('discover writes a valid draft with evidence; validate and crawl --dry-run take it', async () => {
    const t0 = Date.now();
    const d = await ogi(['sites', 'discover', 'http://www.yueyang.gov.cn/', '--replay', `127.0.0.1:${replay.port}`, '--delay', '0', '--config', dir, '--id', 'yy2']);
    expect(d.code).toBe(0);
    expect(d.out).toMatch(/platform\s+Hunan portal platform/);
    expect(d.out).toMatch(/column\s+http:\/\/www\.yueyang\.gov\.cn\/xxgkndbg\/index\.html/);
    expect(d.out).toMatch(/confidence (high|medium)/);
    const file = join(dir, 'sites', 'yy2.yaml');
    const draft = YAML.parse(readFileSync(file, 'utf8'));
    expect(draft.dialect).toBe('generic');
    expect(draft.verified).toBe(false);
    expect(draft.evidence.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['homepage', 'list', 'report']));
    const v = await ogi(['sites', 'validate', file]);
    expect(v.out).toMatch(/1 valid, 0 invalid/);
    const c = await ogi(['crawl', '--dry-run', '--site', 'yy2', '--config', dir]);
    expect(c.code).toBe(0);
    expect(c.out).toMatch(/GET\s+http:\/\/www\.yueyang\.gov\.cn\/xxgkndbg\/index\.html\s+\(list\)/);
    expect(Date.now() - t0).toBeLessThan(5 * 60_000);
    // a second discover does not overwrite the file; --dry-run prints instead of writing
    const again = await ogi(['sites', 'discover', 'http://www.yueyang.gov.cn/', '--replay', `127.0.0.1:${replay.port}`, '--delay', '0', '--config', dir, '--id', 'yy2']);
    expect(again.code).not.toBe(0);
    expect(again.err).toMatch(/yy2\.yaml exists; use --force/);
    const dry = await ogi(['sites', 'discover', 'http://www.yueyang.gov.cn/', '--replay', `127.0.0.1:${replay.port}`, '--delay', '0', '--config', dir, '--id', 'yy3', '--dry-run']);
    expect(dry.out).toMatch(/^id: yy3$/m);
    expect(existsSync(join(dir, 'sites', 'yy3.yaml'))).toBe(false);
  }, 180_000);

  it('a bad URL is refused with a clear message', async () => {
    const r = await ogi(['sites', 'discover', 'not a url', '--config', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/"not a url" is not a URL/);
  }, 60_000);
});
