// Owns naming the system programs a run may need and are missing here, with the command that
// installs each: Chromium (for `render: browser` sites), tesseract with chi_sim and pdftoppm
// (OCR of scanned PDFs), a Word converter (catdoc or LibreOffice, for .doc/.wps attachments).
// A command says so once, at its start, and goes on with what it can do.
import type { GlobalConfig, SiteConfig } from '../config/schema.js';
import { findChromium } from '../fetch/browser.js';
import { ocrAvailable, docConverters } from '../extract/attachments/index.js';

export type ToolId = 'chromium' | 'tesseract' | 'doc';
export interface MissingTool { tool: ToolId; name: string; neededFor: string; install: string; detail?: string }

export const TOOLS: Record<ToolId, Omit<MissingTool, 'detail'>> = {
  chromium: { tool: 'chromium', name: 'Chromium', neededFor: '`render: browser` sites', install: 'apt-get install chromium (or npx playwright install chromium; or set OGI_CHROMIUM / browser.executable_path)' },
  tesseract: { tool: 'tesseract', name: 'tesseract (chi_sim) and pdftoppm', neededFor: 'OCR of scanned PDFs (`ogi ocr`)', install: 'apt-get install tesseract-ocr tesseract-ocr-chi-sim poppler-utils' },
  doc: { tool: 'doc', name: 'catdoc or LibreOffice', neededFor: '.doc/.wps attachments', install: 'apt-get install catdoc (or libreoffice-writer-nogui)' },
};

/** The tools missing here; Chromium only when one of `sites` is rendered in a browser. */
export async function missingTools(global: GlobalConfig, sites: readonly SiteConfig[]): Promise<MissingTool[]> {
  const out: MissingTool[] = [];
  if (sites.some((s) => s.render === 'browser') && !findChromium(global.browser.executable_path)) {
    out.push({ ...TOOLS.chromium, neededFor: `${TOOLS.chromium.neededFor} (${sites.filter((s) => s.render === 'browser').map((s) => s.id).join(', ')})` });
  }
  const ocr = await ocrAvailable();
  if (!ocr.ok) out.push({ ...TOOLS.tesseract, detail: ocr.reason });
  if (!(await docConverters()).length) out.push(TOOLS.doc);
  return out;
}

/** One line per missing tool, for a person. */
export function formatMissing(tools: readonly MissingTool[]): string[] {
  return tools.map((t) => `missing: ${t.name}, needed for ${t.neededFor}; install with: ${t.install}`);
}
