import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../web/src/features/learning/markdown';

describe('lesson Markdown', () => {
  it('renders headings, lists, tables and images', () => {
    const html = renderMarkdown('# სათაური\n\n- ერთი\n- ორი\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n![სურათი](https://example.ge/a.png)');
    expect(html).toContain('<h1>სათაური</h1>');
    expect(html).toContain('<li>ერთი</li>');
    expect(html).toContain('<table>');
    expect(html).toContain('<img src="https://example.ge/a.png" alt="სურათი">');
  });

  it('never lets author HTML or script URLs through', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n\n[click](javascript:alert(1))\n\n[ok](https://example.ge)');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<a href="https://example.ge" target="_blank" rel="noopener noreferrer">ok</a>');
  });
});
