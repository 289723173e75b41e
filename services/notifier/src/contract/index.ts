/** What the notifier service publishes for others: the events partner systems may subscribe to and its resource kinds. */

export * from "./mesh-events";
export * from "./resources";
