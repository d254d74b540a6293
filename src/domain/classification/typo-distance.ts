/**
 * Optimal-string-alignment (restricted Damerau-Levenshtein) distance, giving up above `max`:
 * insertions, deletions, substitutions and adjacent transpositions cost 1 ("SOTP" → "STOP" is 1).
 * Returns max + 1 when the distance is larger than max.
 */
export function typoDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  let prevPrev = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let current = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(prev[j]! + 1, current[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, prevPrev[j - 2]! + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, current] = [prev, current, prevPrev];
  }
  return Math.min(prev[n]!, max + 1);
}

/**
 * Real words one edit away from an opt-out keyword. They never count as typos
 * ("SHOP", "STEP", "QUITE", "CANCER"…). Words in TYPO_REVIEW_WORDS go to review instead.
 */
export const TYPO_REAL_WORDS: ReadonlySet<string> = new Set([
  // STOP
  'ATOP', 'SHOP', 'SLOP', 'STEP', 'STOMP', 'STOW', 'STOA', 'STROP', 'TOP', 'STOPE', 'SCOP', 'SPOT', 'SOUP', 'SWOP', 'SLOPE', 'STORE', 'STORY', 'STOPS',
  // QUIT
  'QUITE', 'QUIZ', 'SUIT', 'QUILT', 'QUIET', 'QUOIT', 'QUIP', 'QUID', 'QUITS', 'QUIRT', 'QUINT', 'QUI', 'QUIN', 'QUAT', 'QUIDS', 'EQUIT', 'UNIT',
  // CANCEL
  'CANCER', 'CANCELS', 'CANCAN', 'CANCELO', 'CANCELE',
  // REVOKE
  'REVOTE', 'REVOKES', 'REVOKED',
  // UNSUBSCRIBE / OPTOUT / STOPALL
  'UNSUBSCRIBES', 'OPTOUTS', 'STOPALLS',
  // common short words that sit one edit from a four-letter keyword
  'STUD', 'SHOT', 'SLOT', 'SPIT', 'SOOT', 'STOCK', 'STOOL', 'STOOD', 'STROLL', 'POTS', 'TOPS', 'OPTS', 'POST', 'SPOTS',
]);
/** Near-keyword words that are probably a revocation but not certainly: review. ("STOOP" alone is taken as a typo.) */
export const TYPO_REVIEW_WORDS: ReadonlySet<string> = new Set(['STOPS', 'SOP', 'QUITS', 'CANCELS', 'REVOKED', 'UNSUBSCRIBES']);
