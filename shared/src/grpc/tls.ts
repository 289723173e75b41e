/**
 * Transport security for the mesh's gRPC: servers with a certificate, asking (not requiring) clients
 * for theirs so that a partner system's certificate can bind its tokens (RFC 8705), and clients that
 * trust the mesh's CA and present their own certificate to the services they call.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { type ChannelCredentials, credentials, experimental, type ServerCredentials } from "@grpc/grpc-js";

export interface TlsFiles {
  TLS_CERT_FILE?: string | undefined;
  TLS_KEY_FILE?: string | undefined;
  TLS_CA_FILE?: string | undefined;
}

export const tlsEnabled = (c: TlsFiles) => Boolean(c.TLS_CERT_FILE && c.TLS_KEY_FILE && c.TLS_CA_FILE);

/**
 * TLS with the service's certificate (re-read when the files change, so certificates rotate without a
 * restart); a client certificate is requested and, if presented, its fingerprint is available to
 * handlers. Not required: people's tools and unbound partner systems connect with server TLS only.
 */
export function serverCredentials(c: TlsFiles): ServerCredentials | undefined {
  const given = [c.TLS_CERT_FILE, c.TLS_KEY_FILE, c.TLS_CA_FILE].filter(Boolean).length;
  if (given > 0 && given < 3) throw new Error("TLS needs TLS_CERT_FILE, TLS_KEY_FILE and TLS_CA_FILE together");
  if (!tlsEnabled(c)) return undefined;
  const provider = new experimental.FileWatcherCertificateProvider({
    certificateFile: c.TLS_CERT_FILE as string,
    privateKeyFile: c.TLS_KEY_FILE as string,
    caCertificateFile: c.TLS_CA_FILE as string,
    refreshIntervalMs: 60_000,
  });
  return experimental.createCertificateProviderServerCredentials(provider, provider, false);
}

/** How this service reaches others: plaintext, or TLS trusting the CA and presenting its own certificate. */
export function channelCredentials(c: TlsFiles): ChannelCredentials {
  if (!tlsEnabled(c)) return credentials.createInsecure();
  return credentials.createSsl(
    readFileSync(c.TLS_CA_FILE as string),
    readFileSync(c.TLS_KEY_FILE as string),
    readFileSync(c.TLS_CERT_FILE as string),
  );
}

/** SHA-256 of a certificate's DER, base64url: the `x5t#S256` confirmation of RFC 8705. */
export const certificateThumbprint = (der: Buffer) => createHash("sha256").update(der).digest("base64url");

/**
 * A certificate fingerprint as people write it (hex, any case, with or without colons, as
 * `openssl x509 -fingerprint -sha256` prints it), as the x5t#S256 thumbprint; undefined when it is not one.
 */
export function thumbprintOf(input: string): string | undefined {
  const hex = input
    .trim()
    .replace(/^sha256 fingerprint=/i, "")
    .replace(/:/g, "");
  return /^[0-9a-fA-F]{64}$/.test(hex) ? Buffer.from(hex, "hex").toString("base64url") : undefined;
}
