// UTF-16 without a byte-order mark (issue 15): ASCII-heavy files by their zero bytes, CJK-heavy files and
// those in other scripts with little ASCII (Indic, Cyrillic, Arabic, Thai) by their line breaks; a text
// file with a stray NUL, or binary data, is not UTF-16.
import { describe, expect, it } from 'vitest';
import { guessBomlessUtf16 } from '../../../src-shared/dataset/bomlessUtf16';

const le = (s: string) => Buffer.from(s, 'utf16le');
const be = (s: string) => le(s).swap16();

const CJK = '氏名,部署\r\n山田太郎,営業部\r\n佐藤花子,総務部\r\n張偉,開発部\r\n王芳,人事部\r\n';
const CJK_ONE_COLUMN = '氏名\n山田太郎\n佐藤花子\n鈴木一郎\n高橋美咲\n田中健\n';
const KOREAN = '이름,부서\n김민준,영업부\n이서연,인사부\n박지훈,개발부\n';
const MIXED = '名前,Name\n山田太郎,Yamada\n李小龍,Lee\n高橋美咲,Misaki\n王芳,Fang\n';
const LONG_NOTES = `氏名,備考\n${'山田太郎,'.concat('東京都千代田区丸の内一丁目で勤務している営業担当者です。'.repeat(4), '\n').repeat(20)}`;
// Chinese prose is full of 上 (U+4E0A) and 不 (U+4E0D), whose UTF-16 holds a line-break byte.
const PROSE = `姓名,备注\n${'张伟,他不在上海工作，不过上个月不得不去上海出差，路上不太顺利。\n'.repeat(30)}`;
const NO_FINAL_BREAK = '氏名,部署\r\n山田太郎,営業部';
const EXT_B = '氏名\n𠮷田太郎\n髙橋一郎\n';
const LATIN = 'email,name\na@example.com,Søren\n';
// Alphabetic scripts with little ASCII: their letters share one 256-code-point block.
const DEVANAGARI = 'नाम,विभाग\nराहुल शर्मा,बिक्री\nप्रिया वर्मा,मानव संसाधन\nऊषा ठाकुर,विकास\nसुनीता देवी,लेखा\n';
const TAMIL = 'பெயர்,துறை\nஅருண் குமார்,விற்பனை\nமீனா சுந்தரம்,மனிதவளம்\nகார்த்திக் ராஜா,மேம்பாடு\n';
const BENGALI = 'নাম,বিভাগ\nরাহুল দাস,বিক্রয়\nপ্রিয়া সেন,মানবসম্পদ\nঅমিত রায়,উন্নয়ন\nঊর্মিলা ঘোষ,হিসাব\n';
// Letters from U+0A00–U+0AFF and U+0D00–U+0DFF hold a line-break byte (0A, 0D) in every character.
const GURMUKHI = 'ਨਾਮ,ਵਿਭਾਗ\nਗੁਰਪ੍ਰੀਤ ਸਿੰਘ,ਵਿਕਰੀ\nਹਰਮਨ ਕੌਰ,ਲੇਖਾ\nਜਸਪ੍ਰੀਤ ਗਿੱਲ,ਵਿਕਾਸ\n';
const GUJARATI = 'નામ,વિભાગ\nરાજેશ પટેલ,વેચાણ\nપ્રિયા શાહ,હિસાબ\nઅમિત દેસાઈ,વિકાસ\n';
const MALAYALAM = 'പേര്,വകുപ്പ്\nഅനിൽ കുമാർ,വിൽപ്പന\nമീര നായർ,അക്കൗണ്ട്സ്\nരാഹുൽ മേനോൻ,വികസനം\n';
const SINHALA = 'නම,අංශය\nනිමල් පෙරේරා,විකුණුම්\nකමලා සිල්වා,ගිණුම්\nසුනිල් ප්\u200dරනාන්දු,සංවර්ධන\n';
// One line break, and ऊ (U+090A) holds a line-break byte: the letters' block vouches for it.
const ONE_BREAK = 'नाम\tविभाग\nऊषा ठाकुर\tबिक्री';
const CYRILLIC = 'имя,отдел\nИван Петров,продажи\nОльга Смирнова,бухгалтерия\n';
const ARABIC = 'الاسم,القسم\nأحمد علي,المبيعات\nفاطمة حسن,المحاسبة\n';
const THAI = 'ชื่อ,แผนก\nสมชาย ใจดี,ฝ่ายขาย\nสมหญิง รักงาน,บัญชี\n';

describe('guessBomlessUtf16', () => {
  for (const [what, text] of Object.entries({
    CJK,
    CJK_ONE_COLUMN,
    KOREAN,
    MIXED,
    LONG_NOTES,
    PROSE,
    NO_FINAL_BREAK,
    EXT_B,
    LATIN,
    DEVANAGARI,
    TAMIL,
    BENGALI,
    GURMUKHI,
    GUJARATI,
    MALAYALAM,
    SINHALA,
    ONE_BREAK,
    CYRILLIC,
    ARABIC,
    THAI,
  })) {
    it(`${what}: UTF-16 LE and BE, each in its own byte order`, () => {
      expect(guessBomlessUtf16(le(text))?.encoding).toBe('utf-16le');
      expect(guessBomlessUtf16(be(text))?.encoding).toBe('utf-16be');
      expect(guessBomlessUtf16(le(text))!.confidence).toBeGreaterThanOrEqual(50);
    });
  }

  it('a sample cut in the middle of a character or a surrogate pair is still UTF-16', () => {
    const bytes = le(EXT_B.repeat(50));
    for (const cut of [bytes.length - 1, bytes.length - 3, 301, 302]) {
      expect(guessBomlessUtf16(bytes.subarray(0, cut))?.encoding).toBe('utf-16le');
    }
  });

  it('zeros the file ends with (an interrupted save) do not decide it', () => {
    expect(guessBomlessUtf16(Buffer.concat([le(CJK), Buffer.alloc(64)]))?.encoding).toBe('utf-16le');
    expect(
      guessBomlessUtf16(Buffer.concat([Buffer.from('email,name\na@example.com,Ann\n'), Buffer.alloc(64)])),
    ).toBeUndefined();
  });

  it('text in an 8-bit encoding with a NUL anywhere in it is not UTF-16', () => {
    const texts = [
      Buffer.from('email,name\na@example.com,Ann\nb@example.com,Bob\nc@example.com,Cy\n'),
      Buffer.from('email,名前\na@example.com,山田太郎\nb@example.com,Zoë Müller\n'),
      Buffer.from('id,name\n1,\x91\xbe\x98\x59\n2,\x8d\xb2\x93\xa1\n', 'latin1'), // Shift_JIS
      Buffer.from('a\nb\nc\n'),
      // Gurmukhi and Malayalam in UTF-8, and Cyrillic in Windows-1251: letters of one script, but not UTF-16.
      Buffer.from('ਨਾਮ,ਵਿਭਾਗ\nਹਰਮਨ ਕੌਰ,ਲੇਖਾ\nਗੁਰਪ੍ਰੀਤ,ਵਿਕਰੀ\n'),
      Buffer.from('പേര്\nമീര നായർ\nരാഹുൽ\n'),
      Buffer.from(
        'name,dept\n\xc8\xe2\xe0\xed,\xef\xf0\xee\xe4\xe0\xe6\xe8\n\xce\xeb\xfc\xe3\xe0,\xe1\xf3\xf5\n',
        'latin1',
      ),
    ];
    for (const text of texts) {
      for (let at = 0; at <= text.length; at++) {
        const withNul = Buffer.concat([text.subarray(0, at), Buffer.from([0]), text.subarray(at)]);
        expect(
          guessBomlessUtf16(withNul),
          `NUL at ${at} of ${JSON.stringify(text.toString('latin1'))}`,
        ).toBeUndefined();
      }
    }
  });

  it('text whose every line ends with a NUL (C strings) is not UTF-16', () => {
    // (Lines starting f–o: "\nf" read as U+0A66… is a Gurmukhi digit, not an unassigned code point.)
    const lines = [
      'id,name',
      'fay,Fay',
      'gil,Gil',
      'hal,Hal',
      'ingrid,Ingrid',
      'jo,Jo',
      'kim,Kim',
      'lee,Lee',
      'mo,Mo',
    ];
    const bytes = Buffer.from(lines.map((l) => `${l}\0\n`).join(''));
    expect(guessBomlessUtf16(bytes)).toBeUndefined();
    expect(guessBomlessUtf16(bytes.subarray(1))).toBeUndefined();
    // Lines of one repeated byte: their pairs share one high byte, as a script's letters do. (Lines of an
    // even length, "jjjj\0\n", are whole UTF-16 characters: 檪檪 and a line break, in big-endian.)
    for (const line of ['jjj', 'j', '\n\n\n', '\n', '\r\r\r']) {
      const same = Buffer.from(`${line}\0\n`.repeat(30));
      expect(guessBomlessUtf16(same), JSON.stringify(line)).toBeUndefined();
      expect(guessBomlessUtf16(same.subarray(1)), JSON.stringify(line)).toBeUndefined();
    }
  });

  it('16-bit numbers in one block with line breaks between them (binary records) are not UTF-16', () => {
    let x = 0x1234567;
    const next = () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x & 0xff;
    };
    for (const high of [0x09, 0x0a, 0x0d]) {
      const units = Array.from({ length: 2000 }, (_, i) => (i % 20 === 19 ? 0x0a : (high << 8) | next()));
      const bytes = Buffer.from(Uint16Array.from(units).buffer);
      expect(guessBomlessUtf16(bytes), high.toString(16)).toBeUndefined();
      expect(guessBomlessUtf16(Buffer.from(bytes).swap16()), high.toString(16)).toBeUndefined();
    }
  });

  it('binary data is not UTF-16', () => {
    let x = 0x2545f491;
    const random = Buffer.alloc(8192).map(() => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x & 0xff;
    });
    expect(guessBomlessUtf16(random)).toBeUndefined();
    // Zeros everywhere but one line break pair: not text either.
    expect(guessBomlessUtf16(Buffer.from([0x0a, 0, 0, 0, 0, 0, 0x41, 0]))).toBeUndefined();
    expect(guessBomlessUtf16(Buffer.alloc(0))).toBeUndefined();
  });
});
