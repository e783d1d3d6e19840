// Owns recognising an anti-bot wall: a challenge status (412, 202, 521, 418) with a small
// script-only page, or a captcha / JS-cookie shell served with 200. Such a response is
// recorded as `blocked`, never taken as the page's content, and never worked around.
const CHALLENGE_STATUS = new Set([412, 202, 521, 418]);
const MARKERS = /(__jsl_clearance|acw_sc__v2|\$_ts\s*=|_\$[a-z]{2}\(|document\.cookie\s*=|window\.location\.reload|captcha|验证码|安全验证|人机验证|访问验证|滑动验证|请开启JavaScript|enable javascript)/i;

export function visibleTextLength(html: string): number {
  return html
    .replace(/<script[\s\S]*?<\/script>/gi, '')
    .replace(/<style[\s\S]*?<\/style>/gi, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;|\s+/g, '').length;
}

export function looksLikeChallenge(status: number, contentType: string | null, text: string): string | null {
  const isHtml = !contentType || /html|text\/plain/i.test(contentType);
  if (!isHtml) return null;
  if (text.length >= 20_000) return null; // a wall is a small page
  // the cheap test first: a 2xx page is a wall only when it has a marker
  if (CHALLENGE_STATUS.has(status) && (MARKERS.test(text) || visibleTextLength(text) < 200)) return `HTTP ${status} with a script/challenge page`;
  if (status >= 200 && status < 300 && MARKERS.test(text) && visibleTextLength(text) < 200) return 'challenge page (script cookie or captcha shell)';
  return null;
}
