// Tests that need a system program: `needTool('chromium')` says whether it is here and, when it
// is not, prints ONE line naming it and the command that installs it, and notes it for the
// closing line of `npm test` (scripts/test.mjs lists the reasons). Use with skipIf:
//   const chromium = needTool('chromium');
//   it.skipIf(chromium.missing)('renders …', …);
// The checks are the ones the code itself uses (findChromium, PATH), so a machine is simulated
// without a tool by OGI_CHROMIUM=/nonexistent or a PATH without the program.
import { accessSync, appendFileSync, constants } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { findChromium } from '../../src/fetch/browser.js';
import { TOOLS } from '../../src/cli/systemTools.js';

export type TestTool = 'chromium' | 'tesseract' | 'doc' | 'catdoc' | 'soffice';

const INSTALL: Record<TestTool, { name: string; install: string }> = {
  chromium: { name: 'Chromium', install: TOOLS.chromium.install },
  tesseract: { name: TOOLS.tesseract.name, install: TOOLS.tesseract.install },
  doc: { name: TOOLS.doc.name, install: TOOLS.doc.install },
  catdoc: { name: 'catdoc', install: 'apt-get install catdoc' },
  soffice: { name: 'LibreOffice', install: 'apt-get install libreoffice-writer-nogui' },
};

/** Full path of a program on PATH, or null. */
export function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try { accessSync(join(dir, name), constants.X_OK); return join(dir, name); } catch { /* next */ }
  }
  return null;
}

function present(tool: TestTool): boolean {
  switch (tool) {
    case 'chromium': return !!findChromium();
    case 'catdoc': return !!onPath('catdoc');
    case 'soffice': return !!(onPath('soffice') ?? onPath('libreoffice'));
    case 'doc': return present('catdoc') || present('soffice') || !!onPath('antiword');
    case 'tesseract': {
      const tess = onPath('tesseract');
      if (!tess || !onPath('pdftoppm')) return false;
      const r = spawnSync(tess, ['--list-langs'], { encoding: 'utf8', timeout: 20_000 });
      return `${r.stdout}${r.stderr}`.split(/\s+/).includes('chi_sim');
    }
  }
}

const said = new Set<string>();

/** Whether `tool` is missing here; when it is, one line says which tests skip and how to install it. */
export function needTool(tool: TestTool, what = 'tests that need it'): { missing: boolean; reason: string } {
  const t = INSTALL[tool];
  if (present(tool)) return { missing: false, reason: '' };
  const reason = `skipped ${what}: needs ${t.name}, not installed here; install with: ${t.install}`;
  if (!said.has(reason)) {
    said.add(reason);
    console.log(reason);
    // scripts/test.mjs collects these for its closing lines
    if (process.env.OGI_TEST_SKIPS) try { appendFileSync(process.env.OGI_TEST_SKIPS, `${reason}\n`); } catch { /* the line above said it */ }
  }
  return { missing: true, reason };
}
