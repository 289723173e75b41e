/** One topic per domain, so a consumer subscribes to a whole domain and per-key order holds. */
export function eventTopic(prefix: string, domain: string): string {
  return `${prefix}csp.${domain}.events`;
}

/** Events that failed validation or kept failing in a consumer go here, with the reason in a header. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}
