import { type ChannelCredentials, credentials, makeGenericClientConstructor, type ServiceError } from "@grpc/grpc-js";
import { service as healthService } from "grpc-health-check";

const HealthClient = makeGenericClientConstructor(healthService, "grpc.health.v1.Health");
type Check = (
  req: { service: string },
  opts: { deadline: number },
  cb: (err: ServiceError | null, res?: { status: string }) => void,
) => void;

/**
 * Health checks of one server over one long-lived channel, for a caller that checks again and again
 * (a readiness watch every few seconds): a new channel per check costs a connection each time, and
 * grpc-js keeps per-channel bookkeeping that showed as steady memory growth.
 */
export class HealthProbe {
  private readonly client: InstanceType<typeof HealthClient>;

  constructor(address: string, channel?: ChannelCredentials) {
    this.client = new HealthClient(address, channel ?? credentials.createInsecure());
  }

  /** The server's answer for `service` ("" the whole server), or UNREACHABLE. */
  check(timeoutMs = 1000, service = ""): Promise<string> {
    return new Promise<string>((resolve) => {
      const check = (this.client as unknown as { check: Check }).check.bind(this.client);
      check({ service }, { deadline: Date.now() + timeoutMs }, (err, res) =>
        resolve(err ? "UNREACHABLE" : (res?.status ?? "UNKNOWN")),
      );
    });
  }

  close(): void {
    this.client.close();
  }
}

/** One standard gRPC health check (service "" = the whole server), on a channel of its own. */
export async function checkHealth(address: string, timeoutMs = 1000, channel?: ChannelCredentials): Promise<string> {
  const probe = new HealthProbe(address, channel);
  try {
    return await probe.check(timeoutMs);
  } finally {
    probe.close();
  }
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
