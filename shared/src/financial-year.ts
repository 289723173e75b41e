/** UK public-sector financial years ("2026/27": 1 April 2026 to 31 March 2027), shared by every service that plans by year. */

/** Why `year` is not a financial year, or undefined when it is one. */
export function financialYearProblem(year: string): string | undefined {
  const m = /^(\d{4})\/(\d{2})$/.exec(year);
  if (!m) return 'a financial year such as "2026/27"';
  if ((Number(m[1]) + 1) % 100 !== Number(m[2])) return `${m[1]}/${m[2]} is not one financial year`;
  return undefined;
}

/** The first and last calendar days of a valid financial year, as YYYY-MM-DD. */
export function financialYearDates(year: string): { start: string; end: string } {
  const first = Number(year.slice(0, 4));
  return { start: `${first}-04-01`, end: `${first + 1}-03-31` };
}
