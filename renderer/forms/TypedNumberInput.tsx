// An input for typed numbers (证件号码, 手机号码): on leaving the field the value is shown as it will be
// saved — normalizeNumber, the one normalisation the API, the CLI and the rules use (full-width → ASCII,
// spaces and hyphens dropped, x → X) — so the operator sees what the check read.
import { Input, type InputProps } from 'antd';
import { normalizeNumber } from '../../main/api/contract';

type Props = Omit<InputProps, 'value' | 'onChange'> & { value?: string; onChange?: (value: string) => void };

export function TypedNumberInput({ value, onChange, onBlur, ...rest }: Props) {
  return (
    <Input
      {...rest}
      value={value}
      onChange={(e) => onChange?.(e.target.value)}
      onBlur={(e) => {
        if (value) {
          const normalized = normalizeNumber(value);
          if (normalized !== value) onChange?.(normalized);
        }
        onBlur?.(e);
      }}
    />
  );
}
