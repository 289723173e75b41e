/** The benchmark's figures as a person reads them (the JSON beside them has everything). */
export function print(r: {
  scale: {
    smallP50Ms: number;
    largeP50Ms: number;
    growthP50: number;
    existingSmall: number;
    existingLarge: number;
    searchP50Ms: number;
    searchP95Ms: number;
    pages: Record<string, { smallP50Ms: number; largeP50Ms: number; largeP95Ms: number; growth: number }>;
    idleCpu: { small: Record<string, number>; large: Record<string, number> };
    settleSeconds: { small: number; large: number };
  };
  rssMb: Record<string, number>;
  cpuDuringLoad: Record<string, { shareOfMachine: number }>;
  mesh: {
    submissions: number;
    eventsObserved: number;
    submissionsPerSecond: number;
    submitLatencyMs: { p50: number; p95: number; p99: number; count: number };
    errors: number;
    eventLatencyMs: { p50: number; p99: number; count: number };
  };
  raw: {
    mongoInsertsPerSecond: number;
    mongoInsertLatencyMs: { p50: number; p99: number };
    kafkaProducesPerSecond: number;
    kafkaProduceLatencyMs: { p50: number; p99: number };
  };
  ratios: { meshToRawInsert: number; submitP99ToRawInsertP99: number };
  targets: Record<string, boolean>;
  load: { csps: number; clientsPerCsp: number; seconds: number };
}) {
  const lines = [
    "",
    `SubmitReport, ${r.load.csps} CSPs x ${r.load.clientsPerCsp} partner-system clients, ${r.load.seconds} s`,
    `  mesh:  ${r.mesh.submissionsPerSecond} submissions/s (${r.mesh.submitLatencyMs.count} ok, ${r.mesh.errors} failed)`,
    `         submit latency p50 ${r.mesh.submitLatencyMs.p50} ms, p95 ${r.mesh.submitLatencyMs.p95} ms, p99 ${r.mesh.submitLatencyMs.p99} ms`,
    `         submit-to-consumer event latency p50 ${r.mesh.eventLatencyMs.p50} ms, p99 ${r.mesh.eventLatencyMs.p99} ms (${r.mesh.eventLatencyMs.count} events)`,
    `  raw:   database single-document inserts ${r.raw.mongoInsertsPerSecond}/s (p50 ${r.raw.mongoInsertLatencyMs.p50} ms, p99 ${r.raw.mongoInsertLatencyMs.p99} ms)`,
    `         Kafka produce (acks=all) ${r.raw.kafkaProducesPerSecond}/s (p50 ${r.raw.kafkaProduceLatencyMs.p50} ms, p99 ${r.raw.kafkaProduceLatencyMs.p99} ms)`,
    `         events observed ${r.mesh.eventsObserved} of ${r.mesh.submissions} submissions`,
    `  mesh throughput / raw insert rate: ${r.ratios.meshToRawInsert}; submit p99 / raw insert p99: ${r.ratios.submitP99ToRawInsertP99}`,
    `  scale: submit p50 ${r.scale.smallP50Ms} ms with ${r.scale.existingSmall} requests, ${r.scale.largeP50Ms} ms with ${r.scale.existingLarge} (growth ${r.scale.growthP50})`,
    `         search p50 ${r.scale.searchP50Ms} ms, p95 ${r.scale.searchP95Ms} ms with ${r.scale.existingLarge} requests`,
    ...Object.entries(r.scale.pages).map(
      ([k, v]) =>
        `         ${k}: p50 ${v.smallP50Ms} ms small, ${v.largeP50Ms} ms large (p95 ${v.largeP95Ms} ms), growth ${v.growth}`,
    ),
    ...(["small", "large"] as const).map(
      (point) =>
        `  CPU while idle before the ${point} point's pages (after ${r.scale.settleSeconds[point]} s settling): ${Object.entries(
          r.scale.idleCpu[point],
        )
          .filter(([, v]) => v > 0)
          .map(([k, v]) => `${k} ${Math.round(v * 100)}%`)
          .join(", ")}`,
    ),
    `  CPU during the load: ${Object.entries(r.cpuDuringLoad)
      .map(([k, v]) => `${k} ${Math.round(v.shareOfMachine * 100)}%`)
      .join(", ")}`,
    `  resident memory: ${Object.entries(r.rssMb)
      .map(([k, v]) => `${k} ${v} MB`)
      .join(", ")}`,
    ...Object.entries(r.targets).map(([k, ok]) => `  target ${k}: ${ok ? "met" : "MISSED"}`),
    "",
  ];
  console.log(lines.join("\n"));
}
