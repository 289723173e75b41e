/** Mailpit, the local SMTP server and web inbox, unless SMTP_URL names another mail server. */
import type { CachePaths } from "./paths";
import type { Ports } from "./ports";
import { type ManagedProcess, portOpen, runningPid, startDetached, tail, waitFor } from "./processes";
import { provisionMailpit } from "./provision";

export const mailpitProc = (p: CachePaths): ManagedProcess => ({
  name: "mailpit",
  pidFile: p.mailpitPid,
  marker: "mailpit",
});

/** Mailpit answers on its API: it is really serving, not just listening. */
export async function mailpitReady(mailUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${mailUrl}/api/v1/info`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

/** The local mail server, or the one SMTP_URL names (then nothing is started). */
export async function ensureMail(
  paths: CachePaths,
  ports: Ports,
  env: NodeJS.ProcessEnv,
  log: (m: string) => void,
): Promise<{ smtpUrl: string; mailUrl: string; started: boolean }> {
  if (env.SMTP_URL) return { smtpUrl: env.SMTP_URL, mailUrl: env.MAIL_UI_URL ?? "", started: false };
  const smtpUrl = `smtp://127.0.0.1:${ports.smtp}`;
  const mailUrl = `http://127.0.0.1:${ports.mailUi}`;
  const proc = mailpitProc(paths);
  if (runningPid(proc) === undefined && (await portOpen(ports.mailUi))) {
    if (await mailpitReady(mailUrl)) {
      log(`a Mailpit not started by csp-mesh is already on port ${ports.mailUi}; using it`);
      return { smtpUrl, mailUrl, started: false };
    }
    throw new Error(`port ${ports.mailUi} is taken by something that is not Mailpit; set CSP_MAIL_UI_PORT`);
  }
  let started = false;
  if (runningPid(proc) === undefined) {
    if (await portOpen(ports.smtp)) throw new Error(`port ${ports.smtp} is taken; set CSP_SMTP_PORT`);
    provisionMailpit(paths, log);
    startDetached(
      proc,
      paths.mailpitBinary,
      [
        "--smtp",
        `127.0.0.1:${ports.smtp}`,
        "--listen",
        `127.0.0.1:${ports.mailUi}`,
        "--database",
        paths.mailpitDb,
        // No AUTH, any sender and recipient: a development inbox on loopback that never relays.
        "--smtp-disable-rdns",
        "--disable-version-check",
        "--max",
        "5000",
      ],
      paths.mailpitLog,
      paths.run,
    );
    started = true;
  }
  await waitFor(
    "Mailpit",
    () => mailpitReady(mailUrl),
    30_000,
    () => tail(paths.mailpitLog),
  );
  return { smtpUrl, mailUrl, started };
}
