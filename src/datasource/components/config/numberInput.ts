/** Parses the text of a number input: empty or not a positive integer means "not set". */
export function parsePositiveInteger(text: string): number | undefined {
  const value = Number(text);
  return text.trim() !== '' && Number.isInteger(value) && value > 0 ? value : undefined;
}

/** Parses the text of a number input that may be negative: empty, 0 or not an integer means "not set". */
export function parseNonZeroInteger(text: string): number | undefined {
  const value = Number(text);
  return text.trim() !== '' && Number.isInteger(value) && value !== 0 ? value : undefined;
}
