import type { InboundAction } from './classification-types.js';
import type { CorpusEntry } from './evaluate-corpus.js';

/**
 * The outside evaluation set: the ordinary ("ham") messages of the SMS Spam Collection v.1
 * (corpus/sms-spam-collection/, CC BY 4.0), which people wrote to each other and nobody here wrote.
 * Each is read as if it were a reply to a business. The file stays as published; this module is the
 * whole conversion: keep ham lines, decode the three HTML entities the publishers left in
 * (`&lt;`, `&gt;`, `&amp;`), drop exact repeats, and split the rest into two fixed parts.
 */

/** `development`: the rules may be tuned on its errors. `held_out`: scored only, never tuned on. */
export type OutsidePart = 'development' | 'held_out';

export interface OutsideText {
  /** 1-based line number in SMSSpamCollection. */
  readonly line: number;
  readonly text: string;
  readonly part: OutsidePart;
}

export interface OutsideEntry extends CorpusEntry {
  readonly line: number;
  readonly part: OutsidePart;
}

/** A hand label for one outside text; every ham text without one is ordinary (`none`). */
export interface OutsideLabel {
  readonly line: number;
  /** The decoded text of that line, so a label can never drift onto another message. */
  readonly text: string;
  /** The part the text falls in (written down so a reviewer sees it; checked against outsidePart). */
  readonly part: OutsidePart;
  readonly expected: Extract<InboundAction, 'opted_out' | 'review'>;
  readonly note: string;
}

/** 32-bit FNV-1a over the UTF-8 bytes: small, stable across platforms and Node versions. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * Which part a text belongs to, by the top bit of its FNV-1a hash (the low bit of FNV-1a only
 * counts odd bytes, so it would follow the spelling). Fixed before anyone looked at the texts;
 * repeats of a text always land in the same part.
 */
export function outsidePart(text: string): OutsidePart {
  return fnv1a32(text) >>> 31 === 0 ? 'development' : 'held_out';
}

const decodeEntities = (text: string): string => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Parses SMSSpamCollection (`ham|spam <TAB> text` per line): the distinct ham texts, each with its first line and part. */
export function parseSmsSpamCollection(source: string): { texts: OutsideText[]; problems: string[] } {
  const texts: OutsideText[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  source.split('\n').forEach((raw, index) => {
    if (raw === '') return;
    const tab = raw.indexOf('\t');
    const label = tab < 0 ? '' : raw.slice(0, tab);
    if (label !== 'ham' && label !== 'spam') return void problems.push(`line ${index + 1}: expected "ham" or "spam" and a tab`);
    if (label === 'spam') return;
    const text = decodeEntities(raw.slice(tab + 1));
    if (seen.has(text)) return;
    seen.add(text);
    texts.push({ line: index + 1, text, part: outsidePart(text) });
  });
  return { texts, problems };
}

/** Parses the hand labels (JSON Lines; blank lines and `//` comments skipped), reporting every problem with its line. */
export function parseOutsideLabels(source: string): { labels: OutsideLabel[]; problems: string[] } {
  const labels: OutsideLabel[] = [];
  const problems: string[] = [];
  source.split('\n').forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('//')) return;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(trimmed) as Record<string, unknown>;
    } catch {
      return void problems.push(`labels line ${index + 1}: not valid JSON`);
    }
    if (typeof o !== 'object' || o === null || !Number.isInteger(o['line'])) return void problems.push(`labels line ${index + 1}: "line" must be an integer`);
    if (typeof o['text'] !== 'string') return void problems.push(`labels line ${index + 1}: "text" must be a string`);
    if (o['part'] !== 'development' && o['part'] !== 'held_out') return void problems.push(`labels line ${index + 1}: "part" must be development or held_out`);
    if (o['expected'] !== 'opted_out' && o['expected'] !== 'review') return void problems.push(`labels line ${index + 1}: "expected" must be opted_out or review`);
    if (typeof o['note'] !== 'string' || o['note'] === '') return void problems.push(`labels line ${index + 1}: "note" must say why`);
    labels.push(o as unknown as OutsideLabel);
  });
  return { labels, problems };
}

/** Joins texts and labels into scored entries (unlabelled texts are `none`); a label whose line or text does not match is a problem. */
export function labelOutsideTexts(texts: readonly OutsideText[], labels: readonly OutsideLabel[]): { entries: OutsideEntry[]; problems: string[] } {
  const byLine = new Map(labels.map((l) => [l.line, l]));
  const problems: string[] = [];
  if (byLine.size !== labels.length) problems.push('a line is labelled twice');
  const lines = new Set(texts.map((t) => t.line));
  for (const label of labels) {
    if (!lines.has(label.line)) problems.push(`label for line ${label.line}: no distinct ham text starts on that line`);
  }
  const entries = texts.map((t): OutsideEntry => {
    const label = byLine.get(t.line);
    if (label !== undefined && label.text !== t.text) problems.push(`label for line ${t.line}: its text differs from the collection's`);
    if (label !== undefined && label.part !== t.part) problems.push(`label for line ${t.line}: the text is in the ${t.part} part`);
    return label === undefined
      ? { text: t.text, expected: 'none', lang: 'en', line: t.line, part: t.part }
      : { text: t.text, expected: label.expected, lang: 'en', note: label.note, line: t.line, part: t.part };
  });
  return { entries, problems };
}
