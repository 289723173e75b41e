/** What an area module of the web service (meetings, answers, ...) gets from the router. */
import type { NextFunction, Request, Response } from "express";
import type { Session } from "../auth";
import type { Downstream } from "../downstream";

export interface WebArea {
  d: Downstream;
  page: (
    fn: (req: Request, res: Response, s: Session) => Promise<unknown>,
  ) => (req: Request, res: Response, next: NextFunction) => Promise<unknown>;
  render: (req: Request, res: Response, view: string, data: Record<string, unknown>) => void;
  notFound: (req: Request, res: Response) => unknown;
  nameOf: (res: Response, partner: string) => string;
  /** The community safety partnerships, [name, display name], by display name. */
  csps: (res: Response) => [string, string][];
  partnershipItems: (res: Response, chosen: string[], all: boolean) => unknown[];
}
