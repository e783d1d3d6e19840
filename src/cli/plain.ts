// Owns showing archived text on a terminal. Archived pages are hostile input: a control
// character in a title or snippet (ESC [2J, OSC 52 …) would be obeyed by the terminal (clear
// the screen, retitle the window, set the clipboard). Such characters are shown as visible
// symbols instead (␛ for ESC); line breaks and tabs stay. Issue 7: archived content never
// executes when shown later.
export function plain(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => {
    const n = c.charCodeAt(0);
    return n < 0x20 ? String.fromCharCode(0x2400 + n) : n === 0x7f ? '\u2421' : '\ufffd';
  });
}
