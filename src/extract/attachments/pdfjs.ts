// Owns loading pdf.js (pdfjs-dist legacy build, for Node) with the CMaps and standard font
// data that Chinese PDFs without embedded fonts need, given as plain paths.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AttachmentError } from './types.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let lib: Promise<PdfJs> | null = null;

export function pdfjs(): Promise<PdfJs> {
  lib ??= import('pdfjs-dist/legacy/build/pdf.mjs').catch((e: unknown) => {
    lib = null;
    throw new AttachmentError(`PDF support needs the npm package pdfjs-dist@5.6.205 (npm install pdfjs-dist@5.6.205): ${(e as Error).message}`, 'pdf', { cause: e });
  });
  return lib;
}

let assets: { cMapUrl: string; standardFontDataUrl: string } | null = null;

/** Plain directory paths (with a trailing slash) of pdfjs-dist's cmaps/ and standard_fonts/. */
export function pdfAssets(): { cMapUrl: string; standardFontDataUrl: string } {
  if (!assets) {
    const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    assets = { cMapUrl: join(root, 'cmaps') + '/', standardFontDataUrl: join(root, 'standard_fonts') + '/' };
  }
  return assets;
}
