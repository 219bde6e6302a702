"use client";

const FIELD =
  "rounded border border-zinc-300 px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";

export interface Option {
  value: string;
  label: string;
}

/** A labelled select for filtering a page; `allLabel` adds a first option meaning "no filter". */
export function FilterSelect({
  label,
  value,
  options,
  allLabel,
  onChange,
}: {
  label: string;
  value: string;
  options: readonly Option[];
  allLabel?: string;
  onChange(value: string): void;
}) {
  return (
    <label className="flex items-center gap-2 text-sm">
      {label}
      <select
        aria-label={label}
        className={FIELD}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      >
        {allLabel !== undefined && <option value="">{allLabel}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The same look for other inputs next to a FilterSelect. */
export const filterFieldClass = FIELD;
