/**
 * A service's gRPC server, bound before the service waits for its dependencies: health answers
 * (NOT_SERVING, liveness SERVING) and reflection describes the service from the first moment, and
 * each of its methods answers UNAVAILABLE ("starting") until the service is ready to serve it, so
 * probes and callers see a service that is starting, not a closed port.
 */
import {
  type MethodDefinition,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceDefinition,
  type sendUnaryData,
  status,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import { ReflectionService } from "@grpc/reflection";
import { HealthImplementation } from "grpc-health-check";
import type { BaseConfig } from "../config";
import type { Logger } from "../log";
import { tolerantDefinition } from "./handlers";
import { type LoadedProtos, reflectionDefinition, serviceConstructor } from "./protos";
import { serverCredentials } from "./tls";

/** The gRPC health-check name a liveness probe asks for (deploy/k8s): SERVING while the process answers. */
export const LIVENESS_HEALTH_SERVICE = "liveness";

const STARTING = { code: status.UNAVAILABLE, details: "the service is starting: waiting for its dependencies" };

/** Built once per process for each set of services (indexing every descriptor is not free). */
const reflections = new Map<string, ReflectionService>();

/**
 * Exactly the services this server implements, health included, described from the compiled
 * descriptor set so every import (the well-known types) can be resolved by reflection clients.
 */
function reflectionFor(serviceNames: string[], protos: LoadedProtos, log: Logger): ReflectionService {
  const services = [...serviceNames, "grpc.health.v1.Health"];
  const key = services.join("\n");
  let reflection = reflections.get(key);
  if (!reflection) {
    const reflected = reflectionDefinition();
    if (!reflected) log.warn("no compiled descriptor set (run npm run proto:gen): reflection cannot resolve imports");
    reflection = new ReflectionService(reflected ?? protos.definition, { services });
    reflections.set(key, reflection);
  }
  return reflection;
}

/** Every method of `definition` answering UNAVAILABLE, whatever its kind of streaming. */
export function startingImplementation(definition: ServiceDefinition): UntypedServiceImplementation {
  return Object.fromEntries(
    Object.entries(definition).map(([name, def]: [string, MethodDefinition<unknown, unknown>]) => [
      name,
      def.responseStream && !def.requestStream
        ? (call: ServerWritableStream<unknown, unknown>) => call.emit("error", STARTING)
        : (_call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => callback(STARTING),
    ]),
  );
}

export interface GrpcServer {
  server: Server;
  port: number;
  /** Replaces a service's "starting" answers with its implementation. */
  serve(fullName: string, implementation: UntypedServiceImplementation): void;
  /** Health of the whole server ("") and of each service. */
  setServing(serving: boolean): void;
  definitionOf(fullName: string): ServiceDefinition;
}

export async function openGrpcServer(
  config: BaseConfig,
  protos: LoadedProtos,
  serviceNames: string[],
  log: Logger,
): Promise<GrpcServer> {
  const server = new Server({
    "grpc.max_receive_message_length": config.GRPC_MAX_MESSAGE_BYTES,
    "grpc.max_send_message_length": config.GRPC_MAX_MESSAGE_BYTES,
  });
  const definitions = new Map(
    serviceNames.map((n) => [n, tolerantDefinition(serviceConstructor(protos, n).service as ServiceDefinition)]),
  );
  for (const d of definitions.values()) server.addService(d, startingImplementation(d));
  // LIVENESS answers SERVING while the process can answer at all, whatever its dependencies do: a
  // liveness probe on it restarts a hung process, never one waiting out a database outage.
  const health = new HealthImplementation({
    ...Object.fromEntries(["", ...serviceNames].map((s) => [s, "NOT_SERVING" as const])),
    [LIVENESS_HEALTH_SERVICE]: "SERVING",
  });
  health.addToServer(server);
  reflectionFor(serviceNames, protos, log).addToServer(server);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      `${config.GRPC_HOST}:${config.GRPC_PORT}`,
      serverCredentials(config) ?? ServerCredentials.createInsecure(),
      (err, p) => (err ? reject(err) : resolve(p)),
    ),
  );
  const definitionOf = (n: string) => {
    const d = definitions.get(n);
    if (!d) throw new Error(`${n} is not one of the service's declared gRPC services (${serviceNames.join(", ")})`);
    return d;
  };
  return {
    server,
    port,
    definitionOf,
    serve(fullName, implementation) {
      const d = definitionOf(fullName);
      server.removeService(d);
      server.addService(d, implementation);
    },
    setServing(serving) {
      for (const s of ["", ...serviceNames]) health.setStatus(s, serving ? "SERVING" : "NOT_SERVING");
    },
  };
}
