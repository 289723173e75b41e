/**
 * Development certificates for gRPC over TLS, made with openssl into the csp-mesh cache (never into
 * the clone, so nothing private is committed): a local CA, one certificate the services share
 * (localhost and 127.0.0.1; it also identifies them when they call each other) and a client
 * certificate per partner system asked for. Existing files are kept, so fingerprints stay stable.
 */
import { spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { MissingToolError } from "./provision";

export interface CertificatePair {
  cert: string;
  key: string;
  /** SHA-256 fingerprint as openssl prints it (AA:BB:...), what the directory takes. */
  sha256: string;
}

export interface DevelopmentCertificates {
  dir: string;
  ca: string;
  server: CertificatePair;
  clients: Record<string, CertificatePair>;
}

function openssl(args: string[], cwd: string): void {
  const r = spawnSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
  if (r.error) throw new MissingToolError("development certificates need openssl (e.g. Debian openssl)");
  if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr.toString().trim()}`);
}

const EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

function issue(dir: string, name: string, subject: string, extensions: string): CertificatePair {
  const cert = path.join(dir, `${name}.pem`);
  const key = path.join(dir, `${name}.key`);
  if (!existsSync(cert) || !existsSync(key)) {
    const csr = path.join(dir, `${name}.csr`);
    const ext = path.join(dir, `${name}.ext`);
    writeFileSync(ext, extensions);
    openssl(["req", "-new", ...EC, "-keyout", key, "-out", csr, "-subj", subject], dir);
    openssl(
      ["x509", "-req", "-in", csr, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "397"].concat([
        "-out",
        cert,
        "-extfile",
        ext,
      ]),
      dir,
    );
    rmSync(csr);
    rmSync(ext);
  }
  return { cert, key, sha256: new X509Certificate(readFileSync(cert)).fingerprint256 };
}

export function developmentCertificates(dir: string, clients: string[] = []): DevelopmentCertificates {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ca = path.join(dir, "ca.pem");
  if (!existsSync(ca) || !existsSync(path.join(dir, "ca.key"))) {
    openssl(
      [
        "req",
        "-x509",
        ...EC,
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "825",
        "-subj",
        "/CN=csp-mesh development CA",
      ],
      dir,
    );
  }
  const server = issue(
    dir,
    "services",
    "/CN=localhost",
    "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n",
  );
  const issued: Record<string, CertificatePair> = {};
  for (const c of clients) {
    if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(c))
      throw new Error(`client certificate name ${c}: lower-case letters, digits, -`);
    issued[c] = issue(dir, `client-${c}`, `/CN=${c}`, "extendedKeyUsage=clientAuth\n");
  }
  return { dir, ca, server, clients: issued };
}

/** The settings that put a service on TLS with the development certificates. */
export const tlsEnv = (c: DevelopmentCertificates) => ({
  TLS_CERT_FILE: c.server.cert,
  TLS_KEY_FILE: c.server.key,
  TLS_CA_FILE: c.ca,
});
