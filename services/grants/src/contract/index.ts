/** What the grants service publishes for others: its events, its resource kinds with their access rules, and links to plan objectives. */
export * from "./events";
export * from "./objectives";
export * from "./resources";
