import { once } from "node:events";
import { get } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { fileDisposition, sendDownload } from "./streams";

describe("sendDownload", () => {
  test("a client that goes away mid-download ends the service's stream instead of holding it open", async () => {
    let ended!: () => void;
    const streamEnded = new Promise<void>((resolve) => {
      ended = resolve;
    });
    // An endless file: only the client's leaving can stop it.
    async function* download() {
      try {
        yield { part: "metadata", metadata: { filename: "big.pdf", contentType: "application/pdf" } };
        for (;;) yield { part: "chunk", chunk: Buffer.alloc(256 * 1024, 1) };
      } finally {
        ended();
      }
    }
    const app = express();
    const handled = new Promise<void>((resolve) => {
      app.get("/file", (_req, res) => {
        void sendDownload(download, {}, "token", res).then(() => resolve());
      });
    });
    const server = app.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const { port } = server.address() as AddressInfo;
      const req = get(`http://127.0.0.1:${port}/file`);
      const [res] = (await once(req, "response")) as [import("node:http").IncomingMessage];
      expect(res.headers["content-disposition"]).toBe('attachment; filename="big.pdf"');
      await once(res, "data");
      req.destroy(); // the person closed the tab
      await streamEnded;
      await handled;
    } finally {
      server.close();
    }
  });

  test("file names cannot break the content-disposition header", () => {
    expect(fileDisposition('Q1 "final"\r\nX-Evil: 1.csv')).toBe('attachment; filename="Q1 _final___X-Evil: 1.csv"');
    expect(fileDisposition("chart.html", "inline")).toBe('inline; filename="chart.html"');
  });
});
