// A whole-number field that keeps what is being typed. Each keystroke that reads as a number in range
// is passed on at once; anything else (the field cleared to type another number, a number out of range)
// stays in the field, and on leaving it the field shows the value kept. Clamping every keystroke turned
// a cleared "5" into "1" under the cursor, so typing 3 read 13.
import { useState, type InputHTMLAttributes } from 'react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type' | 'min' | 'max'> & {
  /** The value kept; null shows the field empty (with `emptyValue` allowed: "automatic"). */
  value: number | null;
  min: number;
  max: number;
  /** Called with each number in range typed, or null when the field is emptied and `allowEmpty`. */
  onValue: (v: number | null) => void;
  /** An empty field is a value of its own (null), e.g. "automatic". */
  allowEmpty?: boolean;
};

export function WholeNumberInput({ value, min, max, onValue, allowEmpty = false, onBlur, ...rest }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <input
      {...rest}
      type="number"
      min={min}
      max={max}
      value={draft ?? (value === null ? '' : String(value))}
      onChange={(e) => {
        const text = e.target.value;
        setDraft(text);
        if (text.trim() === '') {
          if (allowEmpty) onValue(null);
          return;
        }
        const n = Number(text);
        if (Number.isInteger(n) && n >= min && n <= max) onValue(n);
      }}
      onBlur={(e) => {
        setDraft(null);
        onBlur?.(e);
      }}
    />
  );
}
