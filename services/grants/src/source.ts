/** The CloudEvents `source` of every event this service produces. */
export const SOURCE = "csp-mesh/grants";
