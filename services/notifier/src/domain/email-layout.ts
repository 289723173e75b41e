/**
 * One email's words -> its plain-text and HTML bodies, in the GOV.UK style (the header bar, 19px
 * text, blue underlined links; GOV.UK Notify's layout, simplified). Every value is escaped: titles
 * are typed by people. The HTML has no images, scripts or remote resources.
 */
export interface EmailWords {
  subject: string;
  /** "Dear Sam Patel" is added from the recipient. */
  paragraphs: string[];
  /** Where to read and act in the mesh (the email itself never carries sensitive content). */
  link: { href: string; text: string };
  /** Further items (the daily digest): each a line with its own link. */
  items?: { text: string; href: string }[];
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const FOOTER =
  "This email was sent by the community safety partnership mesh. It never contains OFFICIAL-SENSITIVE material: sign in to read the details. You can choose a daily summary instead under Email settings.";

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

const P = 'style="margin:0 0 20px 0;font-size:19px;line-height:25px;color:#0b0c0c;"';
const A = 'style="color:#1d70b8;text-decoration:underline;"';

export function renderEmail(w: EmailWords, recipientName: string): RenderedEmail {
  const items = w.items ?? [];
  const text = [
    `Dear ${recipientName}`,
    ...w.paragraphs,
    ...items.map((i) => `- ${i.text}\n  ${i.href}`),
    `${w.link.text}: ${w.link.href}`,
    "---",
    FOOTER,
  ].join("\n\n");
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(w.subject)}</title></head>
<body style="margin:0;padding:0;font-family:Helvetica,Arial,sans-serif;background:#ffffff;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#0b0c0c;"><tr><td style="padding:10px 20px;">
<span style="font-size:24px;line-height:30px;font-weight:700;color:#ffffff;">Community safety partnership mesh</span>
</td></tr></table>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:580px;"><tr><td style="padding:20px;">
<p ${P}>Dear ${escapeHtml(recipientName)}</p>
${w.paragraphs.map((p) => `<p ${P}>${escapeHtml(p)}</p>`).join("\n")}
${items.length ? `<ul style="margin:0 0 20px 0;padding-left:20px;font-size:19px;line-height:25px;">${items.map((i) => `<li style="margin-bottom:10px;"><a ${A} href="${escapeHtml(i.href)}">${escapeHtml(i.text)}</a></li>`).join("")}</ul>` : ""}
<p ${P}><a ${A} href="${escapeHtml(w.link.href)}">${escapeHtml(w.link.text)}</a></p>
<hr style="border:0;border-top:1px solid #b1b4b6;margin:30px 0 15px 0;">
<p style="margin:0;font-size:16px;line-height:20px;color:#505a5f;">${escapeHtml(FOOTER)}</p>
</td></tr></table>
</body></html>`;
  return { subject: w.subject, text, html };
}
