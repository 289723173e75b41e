import type { LoadedProtos } from "../grpc/protos";
import { objectiveTitles, PlanLinks, parseObjectiveName } from "./plan-links";

const plan = { objectives: [{ code: "VAWG", title: "Tackle violence against women and girls" }] };
const planOf = async (name: string) => (name === "plans/mks" ? plan : null);

describe("links to the plan's objectives", () => {
  test("a name is parsed into its plan and code; anything else is not a name", () => {
    expect(parseObjectiveName("plans/mks/objectives/VAWG")).toEqual({ plan: "plans/mks", code: "VAWG" });
    for (const bad of ["plans/mks/objectives/vawg", "VAWG", "plans/M/objectives/VAWG", ""])
      expect(parseObjectiveName(bad)).toBeUndefined();
  });

  test("titles by name; a malformed name, an unknown plan and an unknown code each named by field", async () => {
    const r = await objectiveTitles(
      ["plans/mks/objectives/VAWG", "Objective 3", "plans/other/objectives/VAWG", "plans/mks/objectives/ROADS"],
      (i) => `links[${i}]`,
      planOf,
    );
    expect([...r.titles]).toEqual([["plans/mks/objectives/VAWG", "Tackle violence against women and girls"]]);
    expect(r.violations.map((v) => [v.field, v.description])).toEqual([
      ["links[1]", "must be an objective's name like plans/<id>/objectives/<CODE>"],
      ["links[2]", "there is no plan plans/other"],
      ["links[3]", "plans/mks has no objective ROADS"],
    ]);
  });

  test("without the grants service: nothing given is nothing asked; a malformed name is still the caller's mistake; a real one cannot be checked", async () => {
    const links = new PlanLinks({} as LoadedProtos, undefined);
    expect(await links.titles([], () => "objective")).toEqual(new Map());
    await expect(links.titles(["Objective 3"], () => "objective")).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      fieldViolations: [{ field: "objective" }],
    });
    await expect(links.titles(["plans/mks/objectives/VAWG"], () => "objective")).rejects.toMatchObject({
      code: "UNAVAILABLE",
    });
  });
});
