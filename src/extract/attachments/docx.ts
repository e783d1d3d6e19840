// Owns reading .docx: mammoth converts the document to HTML (paragraphs, real tables with
// merged cells), which the HTML extractor reads as it is.
import { AttachmentError, type AttachmentDoc } from './types.js';

export async function readDocx(bytes: Buffer): Promise<AttachmentDoc> {
  let mammoth: typeof import('mammoth');
  try {
    mammoth = await import('mammoth');
  } catch (e) {
    throw new AttachmentError('DOCX support needs the npm package mammoth@1.13.0 (npm install mammoth@1.13.0)', 'docx', { cause: e });
  }
  let res: { value: string; messages: Array<{ type: string; message: string }> };
  try {
    const m = ((mammoth as unknown as { default?: typeof mammoth }).default ?? mammoth);
    res = await m.convertToHtml({ buffer: bytes });
  } catch (e) {
    throw new AttachmentError(`DOCX is corrupted or not a Word document: mammoth could not read it (${(e as Error).message})`, 'docx', { cause: e });
  }
  const warnings = res.messages.filter((m) => m.type === 'error').map((m) => m.message).slice(0, 20);
  const html = `<!DOCTYPE html>\n<html><head><meta charset="utf-8"/></head><body>\n${res.value}\n</body></html>`;
  return { kind: 'docx', html, flags: [], warnings };
}
