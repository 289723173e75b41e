/** The local infrastructure's ports on 127.0.0.1, each one settable through the environment. */
export interface Ports {
  kafka: number;
  kafkaController: number;
  mongo: number;
  postgres: number;
  smtp: number;
  mailUi: number;
}

export function portsFrom(env: NodeJS.ProcessEnv = process.env): Ports {
  const num = (name: string, dflt: number) => {
    const v = env[name];
    if (v === undefined || v === "") return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name} must be a TCP port, got "${v}"`);
    return n;
  };
  return {
    kafka: num("CSP_KAFKA_PORT", 9092),
    kafkaController: num("CSP_KAFKA_CONTROLLER_PORT", 9093),
    mongo: num("CSP_MONGO_PORT", 27017),
    postgres: num("CSP_PG_PORT", 54329),
    smtp: num("CSP_SMTP_PORT", 1025),
    mailUi: num("CSP_MAIL_UI_PORT", 8025),
  };
}
