import { type ChannelCredentials, credentials, makeGenericClientConstructor, type ServiceError } from "@grpc/grpc-js";
import { service as healthService } from "grpc-health-check";

const HealthClient = makeGenericClientConstructor(healthService, "grpc.health.v1.Health");
type Check = (
  req: { service: string },
  opts: { deadline: number },
  cb: (err: ServiceError | null, res?: { status: string }) => void,
) => void;

/** One standard gRPC health check (service "" = the whole server). */
export function checkHealth(address: string, timeoutMs = 1000, channel?: ChannelCredentials): Promise<string> {
  const client = new HealthClient(address, channel ?? credentials.createInsecure());
  return new Promise<string>((resolve) => {
    const check = (client as unknown as { check: Check }).check.bind(client);
    check({ service: "" }, { deadline: Date.now() + timeoutMs }, (err, res) => {
      client.close();
      resolve(err ? "UNREACHABLE" : (res?.status ?? "UNKNOWN"));
    });
  });
}

/** Resolves when the server says SERVING; rejects after `timeoutMs` with its last answer. */
export async function waitServing(address: string, timeoutMs: number, channel?: ChannelCredentials): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = "UNREACHABLE";
  while (Date.now() < until) {
    last = await checkHealth(address, 1000, channel);
    if (last === "SERVING") return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${address} not SERVING after ${timeoutMs} ms (last answer: ${last})`);
}
