/**
 * HTML to text: the main content of a page without its navigation, header, footer, scripts and styles,
 * paragraphs kept. The page's own markup decides first (<main>, role="main"); otherwise Mozilla's
 * Readability (Firefox's reader view) picks the article, over linkedom's DOM. Readability can be too
 * eager on pages of many short pieces, so when it keeps less than half of the page's text without its
 * navigation, that text is taken instead: for evidence, a little chrome is better than a lost paragraph.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

export interface HtmlText {
  text: string;
  title: string | null;
  /** Where the text came from: the page's <main>, Readability's article, or the body without navigation. */
  via: 'main' | 'readability' | 'body';
}

/** Never text: scripts, styles, embedded objects, form controls. */
const SKIPPED =
  'script, style, noscript, template, svg, math, canvas, iframe, object, embed, select, button, input, textarea';
/** Navigation and page furniture, removed outside <main>. */
const FURNITURE =
  'nav, header, footer, aside, form, [role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"], [role="search"], [role="menu"], [role="menubar"]';
/** Inside <main> only navigation is removed (an article's own header holds its title). */
const NAVIGATION = 'nav, [role="navigation"], [role="search"], [role="menu"], [role="menubar"]';
const HIDDEN = '[hidden], [aria-hidden="true"]';

const BLOCKS = new Set(
  'ADDRESS ARTICLE ASIDE BLOCKQUOTE CAPTION CENTER DETAILS DIALOG DIV DL FIELDSET FIGCAPTION FIGURE FOOTER FORM H1 H2 H3 H4 H5 H6 HEADER HGROUP HR MAIN NAV OL P PRE SECTION SUMMARY TABLE UL'.split(
    ' ',
  ),
);
const LINES = new Set('LI DT DD TR'.split(' '));
const CELLS = new Set(['TD', 'TH']);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}
interface DomElement extends DomNode {
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  remove(): void;
  closest(selector: string): DomElement | null;
}
interface DomDocument {
  title: string;
  body: DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

function parse(html: string): DomDocument {
  // linkedom builds a sound tree only from a whole document; a fragment is wrapped in one.
  const whole = /<html[\s>]/i.test(html) && /<body[\s>]/i.test(html);
  const source = whole ? html : `<!doctype html><html><head></head><body>${html}</body></html>`;
  return parseHTML(source).document as unknown as DomDocument;
}

function removeAll(
  root: { querySelectorAll(selector: string): ArrayLike<DomElement> },
  selector: string,
): void {
  for (const element of Array.from(root.querySelectorAll(selector))) element.remove();
}

/** Page furniture; an article's own <header> and <footer> (its title, byline, notes) are kept. */
function removeFurniture(root: { querySelectorAll(selector: string): ArrayLike<DomElement> }): void {
  for (const element of Array.from(root.querySelectorAll(FURNITURE))) {
    const own =
      /^(HEADER|FOOTER)$/i.test(element.nodeName) && element.closest('article, main, [role="main"]');
    if (!own) element.remove();
  }
}

function removeHidden(root: { querySelectorAll(selector: string): ArrayLike<DomElement> }): void {
  removeAll(root, HIDDEN);
  for (const element of Array.from(root.querySelectorAll('[style]')))
    if (/display\s*:\s*none|visibility\s*:\s*hidden/i.test(element.getAttribute('style') ?? ''))
      element.remove();
}

/** Break requests while walking: collapsed at the end into one line break or one blank line. */
const LINE = '\ue000';
const PARAGRAPH = '\ue001';
/** A line break inside <pre>, kept apart from the breaks whose lines are trimmed. */
const PRE_LINE = '\ue002';

/** The text of a subtree with paragraphs as blank lines, list items and table rows as lines, cells by tabs. */
export function blockText(root: DomNode): string {
  const out: string[] = [];
  const walk = (node: DomNode, pre: boolean): void => {
    if (node.nodeType === 3) {
      const data = (node.textContent ?? '').replace(/[\ue000-\ue002]/g, '');
      out.push(pre ? data.replace(/\r?\n/g, PRE_LINE) : data.replace(/[ \t\n\r\f]+/g, ' '));
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
    const name = node.nodeName.toUpperCase();
    if (name === 'BR') {
      out.push(pre ? PRE_LINE : LINE);
      return;
    }
    const mark = BLOCKS.has(name) ? PARAGRAPH : LINES.has(name) ? LINE : '';
    out.push(mark);
    const inPre = pre || name === 'PRE' || name === 'TEXTAREA';
    for (const child of Array.from(node.childNodes)) walk(child, inPre);
    if (CELLS.has(name)) out.push('\t');
    out.push(mark);
  };
  walk(root, false);
  return out
    .join('')
    .replace(/[ \t\u00a0]*[\ue000\ue001][\s\ue000\ue001]*/g, (run) =>
      run.includes(PARAGRAPH) ? '\n\n' : '\n',
    )
    .replace(/[ \u00a0]*\t[ \u00a0]*/g, '\t')
    .split('\n')
    .map((line) => line.replace(/^[ \t\u00a0]+|[ \t\u00a0]+$/g, ''))
    .join('\n')
    .replace(/\ue002/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Readability's article, or null when it finds none (or fails on the page). */
function readerArticle(document: DomDocument): { title?: string | null; content?: string | null } | null {
  try {
    // Readability is typed against the browser's DOM; linkedom's document is shaped alike.
    type ReadabilityDocument = ConstructorParameters<typeof Readability>[0];
    return new Readability(document as unknown as ReadabilityDocument, { charThreshold: 200 }).parse();
  } catch {
    return null;
  }
}

function visibleLength(text: string): number {
  return text.replace(/\s+/g, '').length;
}

/** The main text of an HTML page (already decoded to a string). */
export function htmlToText(html: string): HtmlText {
  const document = parse(html);
  const pageTitle = document.title?.trim() || null;
  removeAll(document, `head, ${SKIPPED}`);
  removeHidden(document);

  const mains = Array.from(document.querySelectorAll('main, [role="main"]'));
  const main = mains
    .map((element) => ({ element, length: visibleLength(element.textContent ?? '') }))
    .sort((a, b) => b.length - a.length)[0];
  if (main && main.length > 0) {
    removeAll(main.element, NAVIGATION);
    return { text: blockText(main.element), title: pageTitle, via: 'main' };
  }

  const body = document.body;
  if (!body) return { text: '', title: pageTitle, via: 'body' };
  removeFurniture(body);
  const bodyText = blockText(body);

  const forReader = parse(html);
  removeAll(forReader, SKIPPED);
  removeHidden(forReader);
  if (forReader.body) removeFurniture(forReader.body);
  const article = readerArticle(forReader);
  const articleText = article?.content ? blockText(parse(article.content).body as DomNode) : '';
  const title = article?.title?.trim() || pageTitle;
  if (articleText && visibleLength(articleText) >= visibleLength(bodyText) / 2) {
    // Readability moves the headline into `title`; it is part of the page, so it leads the text.
    const lead = title && !articleText.includes(title) && bodyText.includes(title) ? `${title}\n\n` : '';
    return { text: lead + articleText, title, via: 'readability' };
  }
  return { text: bodyText, title, via: 'body' };
}
