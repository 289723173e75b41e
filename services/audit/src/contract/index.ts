/** What the audit service publishes for others: its resource kinds with their access rules. */
export * from "./resources";
