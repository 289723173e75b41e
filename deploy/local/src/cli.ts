/**
 * `npm run infra:up | infra:down | infra:status`, and `run -- <cmd>`: bring the infrastructure up,
 * run a command with MONGO_URL/KAFKA_BROKERS set, then stop whatever this invocation started.
 */
import { spawn } from "node:child_process";
import { developmentCertificates } from "./certs";
import { down, status, up } from "./infra";
import { cachePaths } from "./paths";
import { MissingToolError } from "./provision";

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "up": {
      const e = await up();
      console.log(`MONGO_URL=${e.mongoUrl}`);
      console.log(`KAFKA_BROKERS=${e.kafkaBrokers}`);
      console.log(`SMTP_URL=${e.smtpUrl}`);
      if (e.mailUrl) console.log(`# web inbox: ${e.mailUrl}`);
      return 0;
    }
    case "down": {
      const stopped = await down();
      console.error(stopped.length ? `[infra] stopped ${stopped.join(", ")}` : "[infra] nothing to stop");
      return 0;
    }
    case "status": {
      const s = await status();
      console.log(JSON.stringify(s, null, 2));
      return s.kafka.ready && s.ferretdb.ready && s.mailpit.ready ? 0 : 3;
    }
    case "run": {
      const cmd = rest[0] === "--" ? rest.slice(1) : rest;
      if (cmd.length === 0) throw new Error("usage: cli run -- <command> [args...]");
      const e = await up();
      const child = spawn(cmd[0] as string, cmd.slice(1), {
        stdio: "inherit",
        env: { ...process.env, MONGO_URL: e.mongoUrl, KAFKA_BROKERS: e.kafkaBrokers, SMTP_URL: e.smtpUrl },
      });
      // Ctrl-C reaches the child through the terminal's process group; we wait for it, then clean up.
      for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
      const code = await new Promise<number>((resolve) => child.on("exit", (c, s) => resolve(c ?? (s ? 128 : 1))));
      if (e.started.length > 0) await down(process.env, e.started);
      return code;
    }
    case "certs": {
      // npm run certs -- [partner system names]: the development CA, the services' certificate and
      // a client certificate for each name, with the fingerprint to register in the directory.
      const c = developmentCertificates(cachePaths().certificates, rest[0] === "--" ? rest.slice(1) : rest);
      console.log(`CA:        ${c.ca}`);
      console.log(`services:  ${c.server.cert} (key ${c.server.key})`);
      for (const [name, p] of Object.entries(c.clients))
        console.log(`${name}: ${p.cert} (key ${p.key})\n  certificate_sha256: ${p.sha256}`);
      return 0;
    }
    default:
      console.error("usage: cli up | down | status | certs [names] | run -- <command>");
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof MissingToolError ? err.message : `[infra] ${(err as Error).stack ?? err}`);
    process.exit(1);
  },
);
