/**
 * CSV for teachers' downloads: RFC 4180 quoting, and a cell that starts like a formula (=, +, -, @,
 * tab or carriage return) is prefixed with an apostrophe so a spreadsheet shows it as text instead
 * of running it (CSV injection: a student's answer must never become a formula).
 */
export function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? '' : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
