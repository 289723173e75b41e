/** The service's navigation: what each role finds in the header, and which item is the current page. */
import type { Session } from "../../auth";

export function navigation(s: Session | undefined, path: string) {
  if (!s) return [];
  const items = [];
  items.push({ href: "/", text: "Home" });
  if (s.isOpcc) items.push({ href: "/requests", text: "Report requests" });
  if (s.isPartnership) items.push({ href: "/requests", text: "What we must report" });
  if (s.isPanel || s.isOpcc) items.push({ href: "/published", text: "Published reports" });
  if (s.isOpcc || s.isPartnership || s.isPanel) items.push({ href: "/meetings", text: "Meetings" });
  if (s.isOpcc || s.isPartnership) items.push({ href: "/actions", text: "Actions" });
  if (s.isOpcc || s.isPartnership) items.push({ href: "/assessments", text: "Assessments" });
  if (s.isPanel) items.push({ href: "/assessments/editions", text: "Assessments" });
  if (s.isOpcc || s.isPartnership || s.isPanel) items.push({ href: "/grants", text: "Grants" });
  if (s.isOpcc || s.isPartnership || s.isPanel) items.push({ href: "/combinations", text: "Combinations" });
  return items.map((i) => ({ ...i, active: i.href === "/" ? path === "/" : path.startsWith(i.href) }));
}
