import { down } from "../../deploy/local/src/infra";

/** Stops exactly what global-setup started; infrastructure found already running is left alone. */
export default async function globalTeardown(): Promise<void> {
  const g = globalThis as Record<string, unknown>;
  const stopContainers = g.__CSP_STOP__ as (() => Promise<void>) | undefined;
  if (stopContainers) await stopContainers();
  const started = (g.__CSP_STARTED__ as string[] | undefined) ?? [];
  if (started.length > 0) await down(process.env, started);
}
