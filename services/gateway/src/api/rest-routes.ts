/**
 * Every area's REST routes as one table, in the order the OpenAPI document lists its paths. The
 * framework (router.ts, openapi.ts) takes this table and knows no area; the areas know only route.ts.
 */
import type { Downstream } from "../downstream";
import { assessmentRoutes } from "./assessments/routes";
import { combinationDocumentRoutes } from "./combinations/document-routes";
import { combinationRoutes } from "./combinations/routes";
import { directoryRoutes } from "./directory/routes";
import { applicationRoutes } from "./grants/application-routes";
import { awardRoutes } from "./grants/award-routes";
import { grantRoutes } from "./grants/routes";
import { variationRoutes } from "./grants/variation-routes";
import { meetingRoutes } from "./meetings/routes";
import { requestRoutes } from "./requests/routes";
import type { RestRoute } from "./route";
import { settingsRoutes } from "./settings/routes";
import { webhookRoutes } from "./webhooks/routes";

export function restRoutes(d: Downstream, uploadMaxBytes: number): RestRoute[] {
  return [
    ...directoryRoutes(d),
    ...combinationRoutes(d),
    ...combinationDocumentRoutes(d, uploadMaxBytes),
    ...requestRoutes(d, uploadMaxBytes),
    ...meetingRoutes(d),
    ...assessmentRoutes(d),
    ...grantRoutes(d),
    ...applicationRoutes(d),
    ...awardRoutes(d),
    ...variationRoutes(d),
    ...webhookRoutes(d),
    ...settingsRoutes(d),
  ];
}
