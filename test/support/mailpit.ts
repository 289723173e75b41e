/** Reading the local Mailpit inbox through its API (https://mailpit.axllent.org/docs/api-v1/). */

export interface MailSummary {
  ID: string;
  Created: string;
  Subject: string;
  To: { Address: string }[];
  Attachments: number;
}

const base = () => {
  const url = process.env.MAIL_UI_URL;
  if (!url) throw new Error("MAIL_UI_URL is not set (the global setup starts Mailpit)");
  return url;
};

/**
 * Messages whose text contains `phrase` (e.g. a resource id only this test created), received since
 * `since` when given (the inbox outlives test runs).
 */
export async function mailsMentioning(phrase: string, since?: Date): Promise<MailSummary[]> {
  const res = await fetch(`${base()}/api/v1/search?limit=500&query=${encodeURIComponent(`"${phrase}"`)}`);
  if (!res.ok) throw new Error(`Mailpit search answered ${res.status}`);
  const found = ((await res.json()) as { messages: MailSummary[] }).messages;
  return since ? found.filter((m) => Date.parse(m.Created) >= since.getTime()) : found;
}

export async function mailMessage(
  id: string,
): Promise<{ Text: string; HTML: string; Attachments: { FileName: string; ContentType: string; PartID: string }[] }> {
  const res = await fetch(`${base()}/api/v1/message/${id}`);
  if (!res.ok) throw new Error(`Mailpit message answered ${res.status}`);
  return (await res.json()) as never;
}

/** One part of a message (an attachment), as text. */
export async function mailPart(id: string, part: string): Promise<string> {
  const res = await fetch(`${base()}/api/v1/message/${id}/part/${part}`);
  if (!res.ok) throw new Error(`Mailpit part answered ${res.status}`);
  return res.text();
}

export const recipients = (m: MailSummary[]) => m.flatMap((x) => x.To.map((t) => t.Address)).sort();
