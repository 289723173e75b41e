/** What an area module of the web service (requests, meetings, assessments, ...) gets from the frame. */
import type { NextFunction, Request, Response } from "express";
import type { Session } from "../../auth";
import type { Downstream } from "../../downstream";

/**
 * A form kept when its session ended, saved straight away when its person signs in again (saving a
 * draft changes nothing anyone else sees); `run` returns where to go next, or undefined to show the
 * form back to them on /resume instead.
 */
export interface Resumer {
  path: RegExp;
  run: (s: Session, m: RegExpExecArray, fields: Record<string, string | string[]>) => Promise<string | undefined>;
}

export interface WebArea {
  d: Downstream;
  page: (
    fn: (req: Request, res: Response, s: Session) => Promise<unknown>,
    opts?: { public?: boolean },
  ) => (req: Request, res: Response, next: NextFunction) => Promise<unknown>;
  render: (req: Request, res: Response, view: string, data: Record<string, unknown>) => void;
  notFound: (req: Request, res: Response) => unknown;
  nameOf: (res: Response, partner: string) => string;
  /** The community safety partnerships, [name, display name], by display name. */
  csps: (res: Response) => [string, string][];
  partnershipItems: (res: Response, chosen: string[], all: boolean) => unknown[];
  /** The directory's partners changed (a combination took effect or ended): names are read again. */
  partnersChanged: () => void;
  /** The largest file a form may upload. */
  uploadMaxBytes: number;
  /** Registers what to do with a form of `path` kept over a sign-in (see Resumer). */
  resume: (path: RegExp, run: Resumer["run"]) => void;
}
