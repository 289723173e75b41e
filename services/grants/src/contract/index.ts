/** What the grants service publishes for others: its events and its resource kinds with their access rules (links to plan objectives are the kit's PlanLinks). */
export * from "./events";
export * from "./resources";
