import { extract } from '../src/extract/index.ts';
const html = '<html><head><title>某市2020年政府信息公开工作年度报告\u001b]0;pwned\u0007\u001b[2J</title></head><body><h1>某市2020年政府信息公开工作年度报告\u001b[31m</h1><p>一、总体情况</p><p>2020年，共收到政府信息公开申请\u001b[8m120件。</p><script>alert(1)</script><img src=x onerror=alert(2)></body></html>';
const r = extract({ bytes: Buffer.from(html), contentType: 'text/html' });
console.log(JSON.stringify(r.mainText), JSON.stringify(r.record?.title), r.kind);
