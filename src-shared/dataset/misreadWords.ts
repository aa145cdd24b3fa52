// How many of a text's words look misread: the check that tells apart the single-byte encodings that
// all decode a file into letters. A Polish, Czech or Hungarian file read as Windows-1252 or -1251 gives
// no bytes the encoding lacks, and chardet's byte statistics score those encodings within a few points
// of Windows-1250 / ISO-8859-2 on a short staff list (issue 15). The words tell: "Ko³owski" has a
// symbol between letters, "Јukasz" mixes Cyrillic into a Latin word, and "Dvoøák" or "Lõrinc" mix
// accented letters no single language writes together (ø is Danish, á is not). The alphabet a word is
// held to is the one most of the text's words fit, so a list mixing languages scores above zero in every
// reading: the share means something only next to another reading's (preferReadable.ts).

/** The accented Latin letters each language writes (lowercase), for the languages whose files come in single-byte encodings. */
const ALPHABETS: readonly string[] = [
  'áčďéěíňóřšťúůýž', // Czech
  'áäčďéíĺľňóôŕšťúýž', // Slovak
  'ąćęłńóśźż', // Polish
  'áéíóöőúüű', // Hungarian
  'čćđšž', // Slovenian, Croatian, Bosnian, Serbian
  'ăâîșțşţ', // Romanian
  'äöüß', // German
  'àâæçéèêëîïôœùûüÿ', // French
  'áéíñóúü', // Spanish
  'áâãàçéêíóôõú', // Portuguese
  'àèéìíîòóù', // Italian
  'àçéèíïòóúü', // Catalan
  'áéèëïóöü', // Dutch
  'æøåéó', // Danish, Norwegian
  'åäöé', // Swedish
  'åäöšž', // Finnish
  'áðéíóúýþæö', // Icelandic
  'áðíóúýæø', // Faroese
  'äöõüšž', // Estonian
  'āčēģīķļņšūž', // Latvian
  'ąčęėįšųūž', // Lithuanian
  'âçğıîöşûü', // Turkish
  'çë', // Albanian
  'áéíóú', // Irish
  'ċġħż', // Maltese
];

// Between or next to letters, these are ordinary: apostrophes, the Catalan middle dot, a soft hyphen,
// dashes, quotes and brackets, ¿ ¡, and ° ™ ® ©. Any other non-ASCII character that is not a letter is not.
const SYMBOL = String.raw`[^\0-\x7f\p{L}\p{M}’‘·\u00AD°™®©¿¡\p{Pd}\p{Ps}\p{Pe}\p{Pi}\p{Pf}]`;
const SYMBOL_NEXT_TO_LETTER = new RegExp(String.raw`[\p{L}\p{M}]${SYMBOL}|${SYMBOL}[\p{L}\p{M}]`, 'u');
const LATIN = /\p{Script=Latin}/u;
const LATIN_LETTERS = /\p{Script=Latin}/gu;
const MARKS = /\p{M}/gu;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const GREEK = /\p{Script=Greek}/u;
const MAX_WORDS = 1000;
/** A word with a non-ASCII character: words end at ASCII characters that are not letters or digits. */
const WORD = /[^\0-/:-@[-`{-\x7f]*[^\0-\x7f][^\0-/:-@[-`{-\x7f]*/g;

/**
 * The share (0–1) of the words with a non-ASCII character that look misread: a symbol next to a letter,
 * Latin mixed with Cyrillic or Greek, or accented letters that the alphabet most of the text's words
 * fit does not have. 0 when no word has a non-ASCII character.
 */
export function misreadShare(text: string): number {
  // The first 1,000 words with a non-ASCII character are evidence enough (and keep a 64 KB sample quick).
  const words: string[] = [];
  for (const m of text.matchAll(WORD)) if (words.push(m[0]) >= MAX_WORDS) break;
  if (words.length === 0) return 0;
  let misread = 0;
  const fits = ALPHABETS.map(() => 0);
  const accentedWords: Set<string>[] = [];
  for (const word of words) {
    if (brokenWord(word)) misread++;
    else {
      const accented = accentedLetters(word);
      if (accented.size === 0) continue;
      accentedWords.push(accented);
      ALPHABETS.forEach((alphabet, i) => {
        if (within(accented, alphabet)) fits[i]!++;
      });
    }
  }
  const commonest = ALPHABETS[fits.indexOf(Math.max(...fits))]!;
  for (const accented of accentedWords) if (!within(accented, commonest)) misread++;
  return misread / words.length;
}

/** Whether a word's accented Latin letters are all in one language's alphabet. */
export function fitsAnAlphabet(word: string): boolean {
  const accented = accentedLetters(word);
  return ALPHABETS.some((alphabet) => within(accented, alphabet));
}

const within = (letters: Set<string>, alphabet: string) => [...letters].every((c) => alphabet.includes(c));

function accentedLetters(word: string): Set<string> {
  // "İ" lowercases to "i" and a combining dot: marks are dropped.
  const letters = word.toLowerCase().replace(MARKS, '').match(LATIN_LETTERS) ?? [];
  return new Set(letters.filter((c) => c >= '\x80'));
}

/** A symbol next to a letter, or letters of two scripts. */
function brokenWord(word: string): boolean {
  if ([LATIN, CYRILLIC, GREEK].filter((script) => script.test(word)).length > 1) return true;
  return SYMBOL_NEXT_TO_LETTER.test(word);
}
