import MarkdownIt from 'markdown-it';

/**
 * Lesson text is Markdown (headings, lists, images, tables, links). Raw HTML from authors is
 * never passed through: `html: false` escapes it, and markdown-it's link check refuses
 * `javascript:`, `vbscript:`, `file:` and non-image `data:` URLs. Links open in a new tab without
 * handing the opener over.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]!.attrSet('target', '_blank');
  tokens[idx]!.attrSet('rel', 'noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

export function renderMarkdown(text: string): string {
  return md.render(text);
}
