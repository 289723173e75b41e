/**
 * Partitions of each event topic: per-key order holds within one, and a consumer group spreads over
 * at most this many replicas. The services create topics with it and deploy/k8s declares it.
 */
export const TOPIC_PARTITIONS = 3;

/** One topic per domain, so a consumer subscribes to a whole domain and per-key order holds. */
export function eventTopic(prefix: string, domain: string): string {
  return `${prefix}csp.${domain}.events`;
}

/** Events that failed validation or kept failing in a consumer go here, with the reason in a header. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

/** Every topic the mesh uses for the given event domains: each domain's topic and its dead letters. */
export function meshTopics(prefix: string, domains: string[]): string[] {
  return domains.flatMap((d) => [eventTopic(prefix, d), deadLetterTopic(eventTopic(prefix, d))]);
}
