/**
 * The home page's grants panel: for the OPCC, business cases awaiting review across every
 * programme (one list of the service, with its count); for a partnership, its business cases
 * returned with reasons. None when the gateway has no grants service, so the home page never
 * depends on it.
 */
import { isGrpcServiceError } from "@csp-mesh/kit";
import { status } from "@grpc/grpc-js";
import type { Session } from "../../auth";
import type { WebArea } from "../frame/area";
import type { HomePanel } from "../frame/home-panel";
import { pounds } from "./views";

const SHOWN = 10;

export async function grantsPanel(a: WebArea, s: Session): Promise<HomePanel | undefined> {
  if (!s.isOpcc && !s.isPartnership) return undefined;
  const state = s.isOpcc ? "APPLICATION_STATE_SUBMITTED" : "APPLICATION_STATE_RETURNED";
  const listed = await a.d.grants
    .ListApplications({ programme: "programmes/-", state, pageSize: SHOWN }, s.token)
    .catch((err: unknown) => {
      if (isGrpcServiceError(err) && err.code === status.UNAVAILABLE) return undefined;
      throw err;
    });
  if (!listed) return undefined;
  // The titles of the few programmes on the panel, by name.
  const names = [...new Set(listed.applications.map((x) => x.programme))];
  const titles = new Map(
    await Promise.all(
      names.map(async (name) => [name, (await a.d.grants.GetProgramme({ name }, s.token)).title] as const),
    ),
  );
  const latest = (x: (typeof listed.applications)[number]) => x.versions.at(-1);
  if (s.isOpcc)
    return {
      id: "business-cases-to-review",
      title: "Business cases awaiting your review",
      count: listed.totalSize,
      items: listed.applications.map((x) => ({
        href: `/grants/${x.name}`,
        text: `${x.partnerDisplayName || x.partner}: ${titles.get(x.programme) ?? x.programme}`,
        detail: `Version ${latest(x)?.version ?? 0}, asks for ${pounds(x.requestedPence)}`,
      })),
      more: { href: "/grants", text: "All grant programmes" },
      empty: "No business case is waiting for review.",
    };
  return {
    id: "business-cases-returned",
    title: "Business cases returned to your partnership",
    count: listed.totalSize,
    items: listed.applications.map((x) => ({
      href: `/grants/${x.programme}/apply`,
      text: titles.get(x.programme) ?? x.programme,
      detail: `Returned: ${latest(x)?.returnReasons ?? ""}`,
    })),
    more: { href: "/grants", text: "All grant programmes" },
    empty: "No business case has been returned to your partnership.",
  };
}
