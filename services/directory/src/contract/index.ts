/** What the directory service publishes for others: its events and its resource kinds with their access rules. */
export * from "./events";
export * from "./resources";
