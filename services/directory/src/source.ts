/** The CloudEvents `source` of every event this service produces (the seed has its own). */
export const SOURCE = "csp-mesh/directory";
