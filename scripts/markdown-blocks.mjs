/**
 * Fenced code blocks of a Markdown file, for the checks that run or type-check the docs
 * (scripts/check-quickstart.mjs, scripts/check-doc-samples.mjs).
 *
 * A block is ` ```lang word word=value ` … ` ``` ` (backtick fences only, as every page of this
 * repository uses). `line` is the 1-based line of the opening fence, so a failure can name
 * `file:line`. `context` is the word list of a `<!-- sample-context: a b -->` comment on the
 * line just before the fence (blank lines allowed between), or an empty list.
 */
import { readFileSync } from 'node:fs';

/**
 * @param {string} file Path of a Markdown file.
 * @returns {{ lang: string, words: string[], attributes: Record<string, string>, code: string, line: number, context: string[] }[]}
 */
export function readMarkdownBlocks(file) {
  return parseMarkdownBlocks(readFileSync(file, 'utf8'));
}

/** @param {string} text Markdown. */
export function parseMarkdownBlocks(text) {
  const lines = text.split('\n');
  const blocks = [];
  for (let index = 0; index < lines.length; index++) {
    const open = /^(\s*)(`{3,})([^`]*)$/.exec(lines[index]);
    if (open === null) continue;
    const [, indent, fence, info] = open;
    const [lang = '', ...rest] = info.trim().split(/\s+/).filter(Boolean);
    const words = rest.filter((word) => !word.includes('='));
    const attributes = Object.fromEntries(rest.filter((word) => word.includes('=')).map((word) => word.split(/=(.*)/s).slice(0, 2)));
    let context = [];
    for (let back = index - 1; back >= 0; back--) {
      if (lines[back].trim() === '') continue;
      const comment = /^\s*<!--\s*sample-context:([^>]*?)-->\s*$/.exec(lines[back]);
      if (comment !== null) context = comment[1].trim().split(/\s+/).filter(Boolean);
      break;
    }
    const body = [];
    let close = index + 1;
    for (; close < lines.length; close++) {
      if (new RegExp(`^\\s*${fence}\\s*$`).test(lines[close])) break;
      body.push(indent.length > 0 && lines[close].startsWith(indent) ? lines[close].slice(indent.length) : lines[close]);
    }
    blocks.push({ lang: lang.toLowerCase(), words, attributes, code: body.join('\n') + '\n', line: index + 1, context });
    index = close;
  }
  return blocks;
}
