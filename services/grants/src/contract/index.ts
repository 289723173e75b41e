/** What the grants service publishes for others: its events and its resource kinds with their access rules. */
export * from "./events";
export * from "./resources";
