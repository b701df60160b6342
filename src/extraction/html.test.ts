import { describe, expect, it } from 'vitest';
import { ENGLISH_SENTENCE, NEWS_PAGE, PERSIAN_SENTENCES } from '../../test/extraction-fixtures.js';
import { htmlToText } from './html.js';

const ARTICLE = `In the summer of 1988 the prisons were closed to visitors. ${'Families waited outside Evin for news. '.repeat(12)}`;

describe('htmlToText', () => {
  it('takes the <main> of a page, without navigation, header, footer, script or style', () => {
    const { text, title, via } = htmlToText(NEWS_PAGE);
    expect(via).toBe('main');
    expect(title).toBe('Testimonies of 1988');
    expect(text).toContain(ENGLISH_SENTENCE);
    expect(text).toContain(PERSIAN_SENTENCES[0]);
    for (const absent of [
      'Home',
      'About the archive',
      'Donate',
      'Next story',
      'Copyright',
      'newsletter',
      'SCRIPT',
      'tracking',
      'color: red',
    ])
      expect(text).not.toContain(absent);
  });

  it('keeps paragraphs apart, line breaks and list items on lines', () => {
    const { text } = htmlToText(NEWS_PAGE);
    expect(text.split('\n\n')).toEqual([
      'Testimonies of 1988',
      ENGLISH_SENTENCE,
      PERSIAN_SENTENCES[0],
      'Families were never told where their relatives were buried.\nMany still search for the graves.',
      'Evin prison\nGohardasht prison',
    ]);
  });

  it('finds the article of a page without semantic markup (Readability)', () => {
    const html = `<html><head><title>Report</title></head><body>
<div id="menu" class="menu"><a href="/">Home page</a> <a href="/news">Latest news</a></div>
<div class="article-body"><p>${ARTICLE}</p><p>A second paragraph about Gohardasht prison and the commission.</p></div>
<div class="footer">Copyright 2024 the footer text</div></body></html>`;
    const { text, via } = htmlToText(html);
    expect(via).toBe('readability');
    expect(text).toContain('A second paragraph about Gohardasht prison');
    expect(text).toContain('Families waited outside Evin');
    expect(text).not.toContain('Latest news');
    expect(text).not.toContain('footer text');
  });

  it('keeps the whole body when Readability would drop much of the content', () => {
    const pieces = Array.from(
      { length: 12 },
      (_, i) =>
        `<section><h2>Witness ${i}</h2><p>Witness ${i} saw the trucks leave Evin at night.</p></section>`,
    );
    const html = `<html><body><nav>Menu items</nav>${pieces.join('')}<footer>Footer</footer></body></html>`;
    const { text } = htmlToText(html);
    for (let i = 0; i < 12; i++) expect(text).toContain(`Witness ${i} saw the trucks`);
    expect(text).not.toContain('Menu items');
    expect(text).not.toContain('Footer');
  });

  it('reads fragments, hidden elements and tables sensibly', () => {
    const { text } = htmlToText(
      '<p>Visible</p><p hidden>Hidden</p><p style="display: none">Also hidden</p><table><tr><td>Name</td><td>Year</td></tr><tr><td>Ali</td><td>1367</td></tr></table><pre>a\n  b</pre>',
    );
    expect(text).toBe('Visible\n\nName\tYear\nAli\t1367\n\na\n  b');
  });
});
