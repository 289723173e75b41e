/**
 * Keeps each cycle's compilation current: run for every contribution event (and when a cycle
 * opens), it compiles from what is stored now and rewrites the compilation when the result differs.
 *
 * Events of different contributions can be handled at once (by replicas, or partitions), so a
 * compiler can write a result another has already superseded. Each run therefore reads the inputs
 * again after writing and compiles again if they moved: whichever run writes last has compiled from
 * inputs at least as new as any it raced with.
 */
import { type Logger, newEtag, newEvent } from "@csp-mesh/kit";
import type { Stores } from "./api/stores";
import { compilationOf } from "./api/stores";
import { AssessmentCompilationUpdated } from "./contract";
import { type CompileInput, compile } from "./domain/compile";
import { usedVersion } from "./domain/contribution";
import { SOURCE } from "./source";
import type { CompilationDoc, CycleDoc } from "./store/documents";

const ROUNDS = 5;

/** Which versions, in which state, a compilation would use. */
const versionsOf = (inputs: CompileInput[]) =>
  inputs
    .map((i) => `${i.partner}@${i.version}:${i.sha256}:${i.state}`)
    .sort()
    .join(",");

export class Compiler {
  constructor(
    private readonly stores: Stores,
    private readonly log: Logger,
  ) {}

  private async inputs(cycle: CycleDoc): Promise<CompileInput[]> {
    const docs = await this.stores.contributions.col.find({ cycle: cycle._id }).toArray();
    return docs.flatMap((d) => {
      const v = usedVersion(d.versions, cycle.compileFrom);
      if (!v) return [];
      const state = v.outcome === "ACCEPTED" ? ("ACCEPTED" as const) : ("SUBMITTED" as const);
      return [{ partner: d.owner, version: v.version, sha256: v.sha256, state, content: v.content }];
    });
  }

  /** Compiles the cycle and stores the result if it changed. */
  async recompile(cycleName: string): Promise<void> {
    const cycle = await this.stores.cycles.getInternal(cycleName);
    if (!cycle) return;
    let inputs = await this.inputs(cycle);
    for (let round = 0; round < ROUNDS; round++) {
      const result = compile(cycle._id, cycle.template, cycle.compileFrom, cycle.addressees, inputs);
      const stored = await this.store(cycle, result);
      // A version is identified by its hash, so the same versions compile to the same result.
      const now = await this.inputs(cycle);
      if (versionsOf(now) === versionsOf(inputs) && stored.compilation.sha256 === result.sha256) return;
      inputs = now;
    }
    this.log.warn(
      { cycle: cycleName },
      "compilation kept changing while it was written; the next event compiles it again",
    );
  }

  private async store(cycle: CycleDoc, result: CompilationDoc["compilation"]): Promise<CompilationDoc> {
    const { compilations } = this.stores;
    const name = compilationOf(cycle._id);
    const event = newEvent(AssessmentCompilationUpdated, SOURCE, name, {
      cycle: cycle._id,
      partner: "",
      actor: "system",
      classification: cycle.classification,
      sha256: result.sha256,
      inputs: result.inputs.length,
      gaps: result.gaps.length,
    });
    const existing = await compilations.getInternal(name);
    if (!existing) {
      const now = new Date();
      return compilations.create(
        {
          _id: name,
          cycle: cycle._id,
          owner: cycle.owner,
          classification: cycle.classification,
          compilation: result,
          compileTime: now,
          createTime: now,
          updateTime: now,
          etag: newEtag(),
          commands: [],
          requestId: `auto:${name}`,
          requestHash: "compilation",
          sortKey: name,
        },
        [event],
      );
    }
    return compilations.mutate(existing, undefined, (doc) =>
      doc.compilation.sha256 === result.sha256
        ? undefined
        : { set: { compilation: result, compileTime: new Date() }, events: [event] },
    );
  }
}
